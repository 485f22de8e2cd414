// SPDX-License-Identifier: GPL-2.0
/* `p2mdump status` and `p2mdump unload`; see status.h. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli.h"
#include "device.h"
#include "postnotif.h"
#include "status.h"
#include "sysfs.h"

const char *status_word(const char *cmdline, const char *key, char *buf,
			size_t len)
{
	size_t klen = strlen(key);
	const char *s = cmdline;

	while (*s) {
		size_t n;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (n > klen + 1 && !strncmp(s, key, klen) && s[klen] == '=') {
			snprintf(buf, len, "%.*s", (int)(n - klen - 1),
				 s + klen + 1);
			return buf;
		}
		s += n;
	}
	return NULL;
}

/* status_word(), or "none". */
static const char *word_value(const char *cmdline, const char *key,
			      char *buf, size_t len)
{
	const char *v = status_word(cmdline, key, buf, len);

	return v ? v : "none";
}

const char *status_dev_name(uint32_t dev, char *buf, size_t len)
{
	char link[PATH_MAX], real[PATH_MAX];

	if (sysfs_path(link, sizeof(link), "dev/block/%u:%u", dev_major(dev),
		       dev_minor(dev)) || !realpath(link, real))
		return "?";
	snprintf(buf, len, "%s", strrchr(real, '/') + 1);
	return buf;
}

/* Prints the disk the module holds (kernel dev_t @dev), by its name in
 * sysfs dev/block/ when there is one. */
static void print_held(uint32_t dev)
{
	char name[NAME_MAX + 1];

	printf("held exclusively: %s (%u:%u)\n",
	       status_dev_name(dev, name, sizeof(name)), dev_major(dev),
	       dev_minor(dev));
}

const char *status_image_source(uint32_t source)
{
	return source == P2MDUMP_IMAGE_BUILTIN ? "built-in" :
	       source == P2MDUMP_IMAGE_USER ? "user (--image)" : "unknown";
}

/* "built-in, N bytes, sha256 HEX" or "user (--image), ..." */
static void print_image(const struct p2mdump_status *st)
{
	unsigned int i;

	printf("image: %s, %u bytes, sha256 ",
	       status_image_source(st->image_source), st->image_size);
	for (i = 0; i < sizeof(st->image_sha256); i++)
		printf("%02x", st->image_sha256[i]);
	printf("\n");
}

/* The lines armed or not: the module's page counts (equal when not
 * armed, or a page leaked) and crash_kexec_post_notifiers. */
static void print_module(const struct p2mdump_status *st)
{
	printf("module pages: taken %llu, returned %llu (%lld held)\n",
	       (ull)st->pages_taken, (ull)st->pages_returned,
	       (long long)(st->pages_taken - st->pages_returned));
	postnotif_print(st);
	if (kdump_loaded())
		printf("kdump: %s\n", kdump_note());
}

const char *status_disarm_why(uint32_t reason)
{
	switch (reason) {
	case P2MDUMP_DISARM_FILE_MOVED:
		return "the dump file's blocks changed since load (see dmesg); p2mdump load again";
	default:
		return "unknown reason (see dmesg)";
	}
}

/* Prints the dump file line of a file target: its filesystem's device
 * (kernel dev_t @dev) and the re-check interval. */
static void print_file(const struct p2mdump_status *st)
{
	printf("dump file: held open on %u:%u; its blocks re-checked at every status and every %u s\n",
	       dev_major(st->target_dev), dev_minor(st->target_dev),
	       st->recheck_secs);
}

void status_print(const struct p2mdump_status *st)
{
	char disk[64], nonce[64];

	if (!st->armed) {
		if (st->disarm_reason)
			printf("armed: no (disarmed by the module: %s)\n",
			       status_disarm_why(st->disarm_reason));
		else
			printf("armed: no\n");
		print_module(st);
		return;
	}
	printf("armed: yes\n");
	printf("frames held: %u\n", st->frames_held);
	printf("bytes held: %llu (%llu KiB)\n", (ull)st->bytes_held,
	       (ull)st->bytes_held / 1024);
	printf("capture pages: %u\n", st->nr_pages);
	printf("machine-contiguous runs: %u\n", st->contiguous_runs);
	printf("frames above 4 GiB: %u\n", st->frames_above_4g);
	printf("handoff page: 0x%llx\n", (ull)st->handoff_maddr);
	printf("checksum: 0x%016llx\n", (ull)st->checksum);
	print_image(st);
	printf("dump target: %s\n", word_value(st->cmdline, "disk", disk,
						sizeof(disk)));
	if (st->load_flags & P2MDUMP_LOAD_TARGET_FILE)
		print_file(st);
	else if (st->target_dev)
		print_held(st->target_dev);
	else
		printf("held exclusively: none (no driver bound to the target)\n");
	/* The dump disk's ARMED header and the dump will carry it too. */
	printf("nonce: %s\n", word_value(st->cmdline, "nonce", nonce,
					  sizeof(nonce)));
	printf("helper CPUs: %s\n", status_word(st->cmdline, "helpers", nonce,
						   sizeof(nonce)) ? nonce : "0");
	printf("command line: %s\n", st->cmdline);
	print_module(st);
}

/* Checks that @argv has no operands (@args: the options the caller took
 * out, "" if none); 0, 100 for --help (printed), or P2MDUMP_EXIT_USAGE. */
static int no_args(int argc, char **argv, const char *args, const char *help)
{
	const char *sp = args[0] ? " " : "";

	if (argc == 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		printf("usage: p2mdump %s%s%s\n  %s\n", argv[0], sp, args, help);
		return 100;
	}
	if (argc == 1)
		return 0;
	if (args[0])
		cli_err("%s takes no arguments but %s (got '%s')", argv[0],
			args, argv[1]);
	else
		cli_err("%s takes no arguments (got '%s')", argv[0], argv[1]);
	fprintf(stderr, "usage: p2mdump %s%s%s\n", argv[0], sp, args);
	return P2MDUMP_EXIT_USAGE;
}

/* Flushes stdout; @ret, or P2MDUMP_EXIT_ERROR if that fails. */
static int flush_out(int ret)
{
	if (fflush(stdout) && !ret) {
		cli_err("cannot write the status: %s", strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	return ret;
}

int cmd_status(int argc, char **argv)
{
	struct p2mdump_status st;
	bool json = argc >= 2 && !strcmp(argv[1], "--json");
	int fd, ret;

	if (json) {		/* drop it: argv[0] stays the name */
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	ret = no_args(argc, argv, STATUS_ARGS, STATUS_HELP);
	if (ret)
		return ret == 100 ? P2MDUMP_EXIT_OK : ret;
	fd = device_open();
	if (fd < 0)
		return P2MDUMP_EXIT_ERROR;
	ret = device_status(fd, &st) ? P2MDUMP_EXIT_ERROR : P2MDUMP_EXIT_OK;
	close(fd);
	if (!ret && json)
		status_json_print(&st);
	else if (!ret)
		status_print(&st);
	if (!ret && st.disarm_reason)
		ret = P2MDUMP_EXIT_ERROR;	/* armed at load, not now */
	return flush_out(ret);
}

/* The armed load's P2MDUMP_LOAD_* flags; 0 if none, or if the status
 * cannot be read (a module of another ABI can still unload). */
static uint32_t armed_flags(int fd)
{
	struct p2mdump_status st;

	return device_status_quiet(fd, &st) ? 0 : st.load_flags;
}

int cmd_unload(int argc, char **argv)
{
	uint32_t flags;
	int fd, ret;

	ret = no_args(argc, argv, UNLOAD_ARGS, UNLOAD_HELP);
	if (ret)
		return ret == 100 ? P2MDUMP_EXIT_OK : ret;
	fd = device_open();
	if (fd < 0)
		return P2MDUMP_EXIT_ERROR;
	ret = P2MDUMP_EXIT_OK;
	flags = armed_flags(fd);
	if (ioctl(fd, P2MDUMP_IOC_UNLOAD) == 0) {
		printf("unloaded: disarmed, every page given back\n");
		if ((flags & P2MDUMP_LOAD_POST_NOTIFIERS) && !postnotif_off())
			printf("crash_kexec_post_notifiers: N again (load had turned it on)\n");
	} else {
		if (errno == ENOENT)
			cli_err("nothing is loaded");
		else
			cli_err("cannot unload: %s", strerror(errno));
		ret = P2MDUMP_EXIT_ERROR;
	}
	close(fd);
	return flush_out(ret);
}
