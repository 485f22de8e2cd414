// SPDX-License-Identifier: GPL-2.0
/*
 * `p2mdump load`: everything is read and checked before the module is
 * asked for anything, so that a bad image, target or system description
 * fails with its own message and leaves the module untouched.  See load.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <p2mdump/extent_map.h>
#include "lib/extent_map.h"
#include "armdisk.h"
#include "cli.h"
#include "device.h"
#include "diskid.h"
#include "dumparg.h"
#include "dumpsize.h"
#include "filesize.h"
#include "filemake.h"
#include "load.h"
#include "cpus.h"
#include "lib/pool_need.h"
#include "sizearg.h"
#include "postnotif.h"
#include "status.h"

/* Prints the usage of load on @f. */
static void load_usage(FILE *f)
{
	fprintf(f, "usage: p2mdump load " LOAD_ARGS "\n"
		"  " LOAD_HELP ";\n"
		"  DEV: a whole virtio-blk disk holding no data: its node /dev/vdb (vdb)\n"
		"    or its PCI address 0000:00:04.0; an NVMe namespace on PCI with\n"
		"    512-byte LBAs by its node /dev/nvme0n1; or a partition of either\n"
		"    holding no data, by its node /dev/vdb2 or /dev/nvme0n1p2 (other\n"
		"    partitions may be in use)\n"
		"  FILE: a dump file on an ext4 or xfs filesystem on such a disk, created\n"
		"    if it does not exist (/var/crash/p2mdump.img; docs/targets.md)\n"
		"  --size: the dump file's size, N bytes or with K, M, G (default: what\n"
		"    p2mdump estimate prints for the format); a larger file keeps its size\n"
		"  --format: kdump (default, makedumpfile's compressed format) or elf\n"
		"  --compress: kdump page compression, lzo (default), zlib (smaller,\n"
		"    slower; what makedumpfile -c writes) or none\n"
		"  --dump-level: makedumpfile's -d, 0 to 31 (default 31: zero, cache,\n"
		"    private cache, user and free pages left out); kdump only\n"
		"  --helpers: how many of the other CPUs compress after a crash (default\n"
		"    all, at most %u; 0: none); kdump with compression only; each holds\n"
		"    %u KiB while armed, and %u KiB once\n"
		"  ARGS: more capture kernel arguments (not disk, disk=, disk_id=,\n"
		"    disk_sectors=, disk_serial=, disk_nsid=, nonce=, format=, compress=,\n"
		"    dump_level=, helpers=, cpus_apic=, bsp_apic=);\n"
		"  PAGES: the capture kernel's page pool (default: what its dump\n"
		"    needs for this system, plus a margin; less is refused)\n"
		"  --force: arm even behind a kdump kernel that would run first\n"
		"  --wipe: aim the dump at DEV even though it holds data (mounted, swap,\n"
		"    held by md/dm/LVM, partitions, a filesystem, LVM or RAID signature),\n"
		"    which load otherwise refuses; a dump destroys that data\n"
		"  --discard-dump: arm even though DEV holds a dump that p2mdump save\n"
		"    has not saved (load otherwise refuses); that dump is lost\n"
		"  --image: development only: arm the capture kernel FILE instead of the\n"
		"    one built into the module (a kernel in lockdown refuses it)\n",
		POOL_HELPERS_MAX, POOL_HELPER_PAGES * 4, POOL_HELPERS_SHARED_PAGES * 4);
}

/* Prints the usage of the hidden dump-elfcorehdr on @f. */
static void dump_usage(FILE *f)
{
	fprintf(f, "usage: p2mdump dump-elfcorehdr --out FILE [--image FILE] [--target DEV]\n"
		"                                [--append ARGS] [--pool PAGES] [--wipe]\n"
		"  debugging: write the elfcorehdr load would build to FILE, without the\n"
		"  module (page_offset from $P2MDUMP_PAGE_OFFSET)\n");
}

/* Parses --dump-level's @arg into @o; 0, or -1 after printing why. */
static int parse_level(const char *arg, struct load_opts *o)
{
	unsigned int level;

	if (parse_dump_level("", arg, &level))
		return -1;
	o->dump_level = level;
	o->dump_level_set = true;
	return 0;
}

/* Checks --format and --compress and what goes with them; 0, or -1. */
static int check_format(struct load_opts *o)
{
	bool kdump;

	if (parse_format("", o->format, &kdump))
		return -1;
	if (o->compress && strcmp(o->compress, "lzo") && strcmp(o->compress, "zlib") &&
	    strcmp(o->compress, "none")) {
		cli_err("--compress wants lzo, zlib or none, not '%s'", o->compress);
		return -1;
	}
	if (!kdump && (o->compress || o->dump_level_set)) {
		cli_err("--compress and --dump-level are for --format kdump");
		return -1;
	}
	return 0;
}

/* Parses --pool's @arg into @o; 0, or -1 after printing why. */
static int parse_pool(const char *arg, struct load_opts *o)
{
	uint64_t v;

	if (parse_u64(arg, 10, &v) || v == 0 || v > UINT32_MAX) {
		cli_err("--pool wants a number of pages from 1 to %u, not '%s'",
			UINT32_MAX, arg);
		return -1;
	}
	o->pool_pages = (uint32_t)v;
	return 0;
}

/* Parses --helpers' @arg (N or all) into @o; 0, or -1 after printing why. */
static int parse_helpers(const char *arg, struct load_opts *o)
{
	uint64_t v;

	if (!strcmp(arg, "all")) {
		o->helpers = CPUS_HELPERS_ALL;
		return 0;
	}
	if (parse_u64(arg, 10, &v) || v > POOL_HELPERS_MAX) {
		cli_err("--helpers wants 0 to %u or all, not '%s'",
			POOL_HELPERS_MAX, arg);
		return -1;
	}
	o->helpers = (uint32_t)v;
	return 0;
}

int load_parse_args(int argc, char **argv, bool dump, struct load_opts *o)
{
	static const struct option longopts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "target", required_argument, NULL, 't' },
		{ "append", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'F' },
		{ "compress", required_argument, NULL, 'c' },
		{ "dump-level", required_argument, NULL, 'd' },
		{ "pool", required_argument, NULL, 'p' },
		{ "helpers", required_argument, NULL, 'H' },
		{ "size", required_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ "wipe", no_argument, NULL, 'w' },
		{ "discard-dump", no_argument, NULL, 'D' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	void (*usage)(FILE *) = dump ? dump_usage : load_usage;
	int c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 0;
	o->format = "kdump";
	o->helpers = CPUS_HELPERS_ALL;
	while ((c = getopt_long(argc, argv, ":i:t:a:p:s:fwo:hF:c:d:H:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			o->image = optarg;
			break;
		case 't':
			o->target = optarg;
			break;
		case 'a':
			o->append = optarg;
			break;
		case 'F':
			o->format = optarg;
			break;
		case 'c':
			o->compress = optarg;
			break;
		case 'd':
			if (parse_level(optarg, o))
				goto bad;
			break;
		case 'p':
			if (parse_pool(optarg, o))
				goto bad;
			break;
		case 'H':
			if (parse_helpers(optarg, o))
				goto bad;
			break;
		case 's':
			if (parse_size(optarg, &o->size)) {
				cli_err("--size wants a byte count (N, NK, NM or NG), not '%s'",
					optarg);
				goto bad;
			}
			break;
		case 'f':
			o->force = true;
			break;
		case 'w':
			o->wipe = true;
			break;
		case 'D':
			if (dump) {
				cli_err("%s: unknown option --discard-dump", argv[0]);
				goto bad;
			}
			o->discard_dump = true;
			break;
		case 'o':
			if (!dump) {
				cli_err("%s: unknown option --out", argv[0]);
				goto bad;
			}
			o->out = optarg;
			break;
		case 'h':
			usage(stdout);
			return 100;
		case ':':
			cli_err("%s: %s needs an argument", argv[0],
				argv[optind - 1]);
			goto bad;
		default:
			goto bad_option;
		}
	}
	if (optind < argc) {
		cli_err("%s: unexpected argument '%s'", argv[0], argv[optind]);
		goto bad;
	}
	if (check_format(o))
		goto bad;
	if (!dump && !o->target) {
		cli_err("load needs --target DEV, the dump disk");
		goto bad;
	}
	if (dump && !o->out) {
		cli_err("dump-elfcorehdr needs --out FILE");
		goto bad;
	}
	return 0;
bad_option:
	cli_err("%s: unknown option %s", argv[0], argv[optind - 1]);
bad:
	usage(stderr);
	return P2MDUMP_EXIT_USAGE;
}

/* Reads the capture kernel image and checks it with the loader core's
 * parser; 0, or -1 after printing why. */
static int read_image(const char *path, struct load_plan *p)
{
	enum loader_err err;

	p->image = read_file(path, P2MDUMP_IMAGE_MAX, &p->image_size);
	if (!p->image) {
		if (errno == EFBIG)
			cli_err("%s: too large for a capture kernel (over %u MiB)",
				path, P2MDUMP_IMAGE_MAX >> 20);
		else if (errno == EINVAL)
			cli_err("%s is not a regular file", path);
		else
			cli_err("cannot read %s: %s%s", path, strerror(errno),
				errno == ENOENT ? " (--image FILE)" : "");
		return -1;
	}
	err = elf32_parse(&p->elf, p->image, p->image_size);
	if (err != LOADER_OK) {
		cli_err("%s: %s", path, loader_strerror(err));
		return -1;
	}
	return 0;
}

/* The first blank-separated word of @s that is "@name=..." or, if @bare,
 * "@name" alone: "=" or "" for which, or NULL if none. */
static const char *has_word(const char *s, const char *name, bool bare)
{
	size_t len = strlen(name);

	while (*s) {
		s += strspn(s, " ");
		if (!strncmp(s, name, len) && s[len] == '=')
			return "=";
		if (bare && !strncmp(s, name, len) && (s[len] == ' ' || !s[len]))
			return "";
		s += strcspn(s, " ");
	}
	return NULL;
}

/* The capture kernel's words that load sets, not --append: "NAME=...",
 * and "disk" alone too (cmdline.c's cmdline_flag() would see it). */
static const struct {
	const char *word, *set_by;
} option_words[] = {
	{ DISK_WORD_BDF, "--target" },
	{ DISK_WORD_ID, "--target" },
	{ DISK_WORD_SECTORS, "--target" },
	{ DISK_WORD_SERIAL, "--target" },
	{ DISK_WORD_NSID, "--target" },
	{ "format", "an option of load" },
	{ "compress", "an option of load" },
	{ "dump_level", "an option of load" },
	{ "nonce", "load" },
	{ "helpers", "--helpers" },
	{ "cpus_apic", "--helpers" },
	{ "bsp_apic", "--helpers" },
	{ NULL, NULL },
};

/*
 * Composes "[ARGS ]format=F [compress=C dump_level=N[ helpers=N cpus_apic=
 * ... bsp_apic=A]] disk=BB:DD.F disk_id=... (diskid.h) [nonce=N]" into
 * @p->cmdline; 0, or -1 printed.
 */
static int build_cmdline(const struct load_opts *o, struct load_plan *p)
{
	const char *append = o->append ? o->append : "", *s, *eq;
	char words[64] = "", nonce[32] = "", disk[P2MDUMP_CMDLINE_MAX];
	char helpers[CPUS_WORDS_MAX] = "";
	uint32_t nr_helpers = 0;
	int i, n;

	for (s = append; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			cli_err("--append: the capture kernel's arguments must be printable");
			return -1;
		}
	}
	for (i = 0; option_words[i].word; i++) {
		eq = has_word(append, option_words[i].word, i == 0);
		if (eq) {
			cli_err("--append must not set %s%s: %s does",
				option_words[i].word, eq, option_words[i].set_by);
			return -1;
		}
	}
	if (!strcmp(o->format, "kdump"))
		snprintf(words, sizeof(words), " compress=%s dump_level=%u",
			 o->compress ? o->compress : "lzo",
			 o->dump_level_set ? o->dump_level : 31);
	/* Helpers only compress: none for ELF or uncompressed pages. */
	if (!strcmp(o->format, "kdump") && !(o->compress &&
					     !strcmp(o->compress, "none")) &&
	    cpus_helper_words(o->helpers, helpers, sizeof(helpers), &nr_helpers))
		return -1;
	if (o->nonce)
		snprintf(nonce, sizeof(nonce), " nonce=%016llx", (ull)o->nonce);
	n = -1;
	if (!diskid_words(&p->target, disk, sizeof(disk)))
		n = snprintf(p->cmdline, sizeof(p->cmdline), "%s%sformat=%s%s%s %s%s",
			     append, append[0] ? " " : "", o->format, words,
			     helpers, disk, nonce);
	if (n < 0 || (size_t)n >= sizeof(p->cmdline)) {
		cli_err("the capture kernel command line is too long: %d bytes, at most %zu",
			n, sizeof(p->cmdline) - 1);
		return -1;
	}
	return 0;
}

/* Resolves the target @o names into @p: a disk, or a dump file (no
 * --wipe: a file never overwrites data it does not own); 0, or -1. */
static int resolve_target(const struct load_opts *o, struct load_plan *p)
{
	p->is_file = filetarget_is(o->target);
	p->file.fd = p->file.module_fd = -1;
	if (!p->is_file) {
		if (o->size) {
			cli_err("--size is for a dump file; a disk or partition target has its own size");
			return -1;
		}
		return target_resolve(o->target, o->wipe, &p->target);
	}
	if (o->wipe) {
		cli_err("--wipe is for disks: a dump file is load's own (refused: %s)",
			o->target);
		return -1;
	}
	return filetarget_resolve(o->target, &p->file, &p->target);
}

int load_prepare(const struct load_opts *o, struct load_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->file.fd = p->file.module_fd = -1;
	if (o->image && read_image(o->image, p))
		return -1;
	if (o->target && (resolve_target(o, p) || build_cmdline(o, p)))
		return -1;
	return corehdr_read(&p->core);
}

int load_check_size(const struct load_opts *o, const struct load_plan *p)
{
	bool kdump = !strcmp(o->format, "kdump");
	struct dump_size sz;

	if (!o->target || !p->target.sectors || (p->is_file && !p->file.map))
		return 0;	/* no block device, or no file yet: no size */
	if (dumpsize_of(p->core.hdr, p->core.hdr_size, kdump, &sz)) {
		cli_err("the elfcorehdr built for this machine does not parse");
		return -1;
	}
	return dumpsize_check(o->target, p->is_file ?
			      extent_map_sectors(p->file.map, p->file.nr) :
			      p->target.extent.nr_sectors, kdump, &sz);
}

void load_plan_free(struct load_plan *p, bool refused)
{
	filetarget_close(&p->file, refused);
	free(p->image);
	p->image = NULL;
	corehdr_free(&p->core);
}

/* Refuses to arm behind a kdump kernel that panic() enters before the
 * notifiers, unless @force; sets P2MDUMP_LOAD_FORCE in @flags when the
 * module must accept a loaded kdump kernel.  0, or -1 printed. */
static int check_kdump(bool force, uint32_t *flags)
{
	if (force)
		*flags |= P2MDUMP_LOAD_FORCE;
	if (!kdump_loaded())
		return 0;
	if (postnotif_value() == 'Y') {
		cli_err("note: a kdump kernel is loaded, but with crash_kexec_post_notifiers p2mdump runs first at a panic (and kdump does not run)");
		*flags |= P2MDUMP_LOAD_FORCE;
		return 0;
	}
	if (!force) {
		cli_err("a kdump kernel is loaded and crash_kexec_post_notifiers is off: panic() would start kdump before p2mdump's panic notifier, so p2mdump would never run; unload kdump (kexec -p -u), boot with crash_kexec_post_notifiers, or use --force to arm anyway");
		return -1;
	}
	cli_warn("a kdump kernel is loaded and will run instead of p2mdump at a panic; arming anyway (--force)");
	return 0;
}

/* Prints why P2MDUMP_IOC_LOAD failed with @err; @image is --image's FILE,
 * or NULL for the module's built-in capture kernel. */
static void load_error(int err, const char *image)
{
	switch (err) {
	case EBUSY:	/* armed was checked just before: the disk */
		cli_err("the module cannot hold the target exclusively: it is mounted, swap, or held by md/dm (see dmesg)");
		break;
	case ENOTBLK:
		cli_err("the module refused the target: not a disk, or a partition of one, on the PCI function of disk= (see dmesg)");
		break;
	case ENODEV:
		cli_err("the module found no PCI function for disk= (see dmesg)");
		break;
	case EOPNOTSUPP:
		cli_err("memory encryption (SME/SEV) is active: the capture kernel cannot read encrypted memory, so the module refuses to arm (see dmesg)");
		break;
	case ENOEXEC:
		if (image)
			cli_err("%s: not a p2mdump capture kernel", image);
		else
			cli_err("the module refused its built-in capture kernel (see dmesg)");
		break;
	case ENOMEM:
		cli_err("not enough free memory");
		break;
	case EEXIST:
		cli_err("a kdump kernel is loaded; --force to arm anyway");
		break;
	case E2BIG:
		cli_err("the module refused the command line as too long");
		break;
	case EFBIG:
		cli_err("the module refused the image or elfcorehdr as too large");
		break;
	case ENOSPC:
		cli_err("the module refused the page pool as too small for the dump (see dmesg)");
		break;
	case EPERM:
		if (image)
			cli_err("load not permitted: it needs CAP_SYS_BOOT, and a kernel in lockdown refuses a capture kernel from a file (--image); without --image the module's own is used (see dmesg)");
		else
			cli_err("load not permitted: it needs CAP_SYS_BOOT (see dmesg)");
		break;
	case ESTALE:
		cli_err("the module found the dump file's blocks are not where FIEMAP said (bmap; see dmesg)");
		break;
	case EBADF:
		cli_err("the module refused the dump file: not a regular file on the disk or partition named (see dmesg)");
		break;
	case EINVAL:
		cli_err("the module refused the load as invalid (a crash_notes address that is not the kernel's, an extent outside the target, or a frame the capture kernel cannot map; see dmesg)");
		break;
	default:
		cli_err("load failed: %s", strerror(err));
		break;
	}
}

/*
 * The target's device number to send: its own, or (tests only) what
 * P2MDUMP_TEST_TARGET_DEV=MAJOR:MINOR says, to see the module refuse a
 * wrong one.  0, or -1 printed.
 */
static int target_devno(const struct load_plan *p, uint32_t *devno)
{
	const char *v = env_or("P2MDUMP_TEST_TARGET_DEV", NULL);
	unsigned int major, minor;
	char end;

	*devno = p->target.devno;
	if (!v)
		return 0;
	if (sscanf(v, "%u:%u%c", &major, &minor, &end) != 2) {
		cli_err("P2MDUMP_TEST_TARGET_DEV: expected MAJOR:MINOR, found '%s'", v);
		return -1;
	}
	*devno = P2MDUMP_DEV(major, minor);
	return 0;
}

/* Refuses to go on while a capture kernel is armed: its dump disk's
 * header must keep the nonce that kernel carries.  0, or -1 printed. */
static int check_unarmed(int fd)
{
	struct p2mdump_status st;

	if (device_status(fd, &st))
		return -1;
	if (st.armed) {
		cli_err("already loaded (p2mdump unload first)");
		return -1;
	}
	return 0;
}

/* Makes the dump file of @p ready (filemake.h): --size, or the default
 * for this machine's elfcorehdr (filesize.h); 0, or -1 printed. */
static int make_file(const struct load_opts *o, struct load_plan *p)
{
	bool kdump = !strcmp(o->format, "kdump");
	uint64_t size = o->size;
	struct dump_size sz;
	struct meminfo m;

	memset(&m, 0, sizeof(m));
	if (!size) {
		if (dumpsize_of(p->core.hdr, p->core.hdr_size, kdump, &sz)) {
			cli_err("the elfcorehdr built for this machine does not parse");
			return -1;
		}
		if (kdump && meminfo_read(&m))
			return -1;
		size = filesize_default(&sz, kdump, &m);
	}
	return filemake_make(&p->file, &p->target, size, o->discard_dump,
			     o->nonce);
}

/* Builds the elfcorehdr at the module's page_offset and loads; 0, or -1
 * printed. */
static int send_load(int fd, const struct load_opts *o, struct load_plan *p,
		     uint32_t flags)
{
	struct p2mdump_status st;
	struct p2mdump_load req;
	uint32_t need, devno;

	if (device_status(fd, &st))
		return -1;
	if (!st.page_offset) {
		cli_err("the p2mdump module reported no page_offset");
		return -1;
	}
	if (corehdr_build(&p->core, st.page_offset) ||
	    corehdr_pool(&p->core, o->pool_pages, &need) ||
	    (p->is_file && make_file(o, p)) ||
	    load_check_size(o, p) || target_devno(p, &devno))
		return -1;
	if (!p->target.sectors) {	/* armdisk_arm() needed the node */
		cli_err("target %s: its size is unknown", o->target);
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.size = sizeof(req);
	req.version = P2MDUMP_ABI_VERSION;
	req.image = (uintptr_t)p->image;
	req.image_size = p->image_size;
	req.elfcorehdr = (uintptr_t)p->core.hdr;
	req.elfcorehdr_size = p->core.hdr_size;
	req.cmdline = (uintptr_t)p->cmdline;
	req.crash_notes = (uintptr_t)p->core.notes.addr;
	req.nr_cpus = p->core.notes.nr_cpus;
	req.pool_pages = o->pool_pages;
	req.flags = flags;
	req.target_dev = devno;
	/* A disk or a partition: one extent (target.h). */
	req.extents = (uintptr_t)&p->target.extent;
	req.nr_extents = 1;
	if (p->is_file) {
		req.extents = (uintptr_t)p->file.map;
		req.nr_extents = p->file.nr;
		req.target_fd = p->file.module_fd;
		req.flags |= P2MDUMP_LOAD_TARGET_FILE |
			     (p->file.immutable_set ? P2MDUMP_LOAD_FILE_IMMUTABLE : 0);
	}
	/* Last, so that a refused load leaves it as it was. */
	if (postnotif_on())
		req.flags |= P2MDUMP_LOAD_POST_NOTIFIERS;
	if (ioctl(fd, P2MDUMP_IOC_LOAD, &req) < 0) {
		int err = errno;

		if (req.flags & P2MDUMP_LOAD_POST_NOTIFIERS)
			postnotif_off();
		load_error(err, o->image);
		return -1;
	}
	if (device_status(fd, &st))
		return -1;
	if (p->is_file)
		filemake_print_map(&p->file, &p->target);
	status_print(&st);
	return 0;
}

int cmd_load(int argc, char **argv)
{
	struct load_plan plan;
	struct load_opts o;
	uint32_t flags = 0;
	int fd, ret;

	ret = load_parse_args(argc, argv, false, &o);
	if (ret)
		return ret == 100 ? P2MDUMP_EXIT_OK : ret;
	memset(&plan, 0, sizeof(plan));
	o.nonce = armdisk_nonce();
	if (!o.nonce)
		return P2MDUMP_EXIT_ERROR;
	fd = device_open();
	if (fd < 0)
		return P2MDUMP_EXIT_ERROR;
	ret = P2MDUMP_EXIT_ERROR;
	/* The disk is armed (its ARMED header written) before the module. */
	if (!check_unarmed(fd) && !check_kdump(o.force, &flags) &&
	    !load_prepare(&o, &plan) &&
	    (plan.is_file ||	/* its header: send_load(), make_file() */
	     !armdisk_arm(&plan.target, o.target, o.discard_dump, o.nonce)) &&
	    !send_load(fd, &o, &plan, flags))
		ret = P2MDUMP_EXIT_OK;
	load_plan_free(&plan, ret != P2MDUMP_EXIT_OK);
	close(fd);
	if (fflush(stdout) && !ret) {
		cli_err("cannot write the status: %s", strerror(errno));
		ret = P2MDUMP_EXIT_ERROR;
	}
	return ret;
}
