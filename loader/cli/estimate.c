// SPDX-License-Identifier: GPL-2.0
/* Dump file sizes and `p2mdump estimate`; see estimate.h. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "corehdr.h"
#include "dumparg.h"
#include "estimate.h"
#include "filesize.h"
#include "heldsize.h"
#include "cpus.h"
#include "json.h"
#include "filter/page_class.h"
#include <p2mdump/page.h>

struct est_opts {
	bool kdump, json, level_set;
	unsigned int level;		/* makedumpfile -d bits; kdump */
	const char *image, *target;
};

/* What --target is and how many bytes it holds (or would get). */
struct target_fit {
	const char *kind;	/* "block device", "dump file", "new dump file" */
	uint64_t bytes;
	const char *verdict;
};

/* Prints estimate's usage on @f. */
static void usage(FILE *f)
{
	fprintf(f, "usage: p2mdump estimate " ESTIMATE_ARGS "\n  " ESTIMATE_HELP "\n"
		"  --dump-level N: the dump level load would get (kdump; default 31)\n"
		"  --image FILE: the capture kernel ELF to count (default: " HELDSIZE_IMAGE "\n"
		"    next to p2mdump, else " HELDSIZE_INSTALLED " from it)\n"
		"  --target T: say whether the disk, partition or dump file T is big enough\n"
		"  --json: one JSON object (docs/linux.md, \"estimate --json\")\n");
}

/* Parses estimate's options into @o; 0, 100 (help) or P2MDUMP_EXIT_USAGE
 * printed. */
static int parse(int argc, char **argv, struct est_opts *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "dump-level", required_argument, NULL, 'd' },
		{ "image", required_argument, NULL, 'i' },
		{ "target", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 0;
	memset(o, 0, sizeof(*o));
	o->kdump = true;
	o->level = DL_MAX;
	while ((c = getopt_long(argc, argv, ":hF:", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 100;
		} else if (c == 'i') {
			o->image = optarg;
		} else if (c == 't') {
			o->target = optarg;
		} else if (c == 'j') {
			o->json = true;
		} else if (c == 'd') {
			if (parse_dump_level("estimate: ", optarg, &o->level))
				goto usage;
			o->level_set = true;
		} else if (c == 'F') {
			if (parse_format("estimate: ", optarg, &o->kdump))
				goto usage;
		} else {
			cli_err("estimate: unknown option or missing argument");
			goto usage;
		}
	}
	if (optind == argc && o->level_set && !o->kdump) {
		cli_err("estimate: --dump-level is for the kdump format (ELF keeps every page)");
		goto usage;
	}
	if (optind == argc)
		return 0;
	cli_err("estimate: unexpected argument '%s'", argv[optind]);
usage:
	fprintf(stderr, "usage: p2mdump estimate " ESTIMATE_ARGS "\n");
	return P2MDUMP_EXIT_USAGE;
}

/* The size of @path into @t: a block device's, a regular file's, or
 * @dflt for a file load would make; 0, or -1 printed. */
static int target_size(const char *path, uint64_t dflt, struct target_fit *t)
{
	struct stat st;
	int fd;

	if (stat(path, &st)) {
		if (errno != ENOENT) {
			cli_err("estimate: cannot stat target %s: %s", path, strerror(errno));
			return -1;
		}
		t->kind = "new dump file";
		t->bytes = dflt;
		return 0;
	}
	if (S_ISREG(st.st_mode)) {
		t->kind = "dump file";
		t->bytes = (uint64_t)st.st_size;
		return 0;
	}
	fd = S_ISBLK(st.st_mode) ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &t->bytes)) {
		cli_err("estimate: target %s: %s", path, fd < 0 && !S_ISBLK(st.st_mode) ?
			"not a block device nor a regular file" : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	t->kind = "block device";
	return 0;
}

/* Whether @bytes hold a dump of sizes @s (expected: @dflt), in words. */
static const char *verdict(uint64_t bytes, const struct dump_size *s,
			   uint64_t dflt)
{
	if (bytes < s->metadata)
		return "too small: under the metadata, load refuses it";
	if (bytes >= s->worst)
		return "big enough: holds the worst case";
	if (bytes >= dflt)
		return "big enough for the expected dump (the default file size), not the worst case: a larger dump is cut short and marked incomplete";
	return "small: under the expected dump (the default file size); a larger dump is cut short and marked incomplete";
}

/* Prints @what: @bytes and its MiB, rounded up. */
static void line(const char *what, uint64_t bytes, const char *note)
{
	printf("%s: %llu bytes (%llu MiB)%s\n", what, (ull)bytes,
	       (ull)((bytes + (1 << 20) - 1) >> 20), note);
}

/* Prints the text form; @held NULL: no image to count. */
static void print_text(const struct est_opts *o, const struct dump_size *s,
		       uint64_t dflt, uint64_t expect,
		       const struct held_size *held, const struct target_fit *t)
{
	printf("format: %s\n", o->kdump ? "kdump" : "elf");
	printf("RAM: %llu MiB (%llu pages)\n", (ull)s->ram_pages >> 8,
	       (ull)s->ram_pages);
	line("metadata", s->metadata, " (headers: the least a dump needs)");
	line("worst", s->worst, " (every RAM page, uncompressed)");
	line("default file size", dflt, o->kdump ?
	     " (dump level 31's kept pages x 2 + 64 MiB, from /proc/meminfo)" :
	     " (the worst case)");
	if (o->kdump)
		printf("dump at level %u: %llu bytes (%llu MiB) (now, from /proc/meminfo, before compression)\n",
		       o->level, (ull)expect, (ull)((expect + (1 << 20) - 1) >> 20));
	if (held)
		printf("memory held while armed: %llu bytes (%llu KiB; %u capture kernel pages, a pool of %u among them, with room for %u helper CPUs, plus the module's transition page table)\n",
		       (ull)(uint64_t)held->pages * PAGE_SIZE, (ull)(uint64_t)held->pages * PAGE_SIZE >> 10,
		       held->pages, held->pool, held->helpers);
	else
		printf("memory held while armed: unknown (no " HELDSIZE_IMAGE " next to p2mdump nor " HELDSIZE_INSTALLED " from it: --image FILE)\n");
	if (o->target)
		printf("target %s: %s, %llu bytes (%llu MiB)%s: %s\n", o->target,
		       t->kind, (ull)t->bytes, (ull)t->bytes >> 20,
		       strcmp(t->kind, "new dump file") ? "" : " as load makes it",
		       t->verdict);
}

/* Prints the JSON form (docs/linux.md, "estimate --json"). */
static void print_json(const struct est_opts *o, const struct dump_size *s,
		       uint64_t dflt, uint64_t expect,
		       const struct held_size *held, const struct target_fit *t)
{
	struct json j;

	json_begin(&j, stdout);
	json_str(&j, "format", o->kdump ? "kdump" : "elf");
	json_u64(&j, "ram_pages", s->ram_pages);
	json_u64(&j, "metadata_bytes", s->metadata);
	json_u64(&j, "worst_bytes", s->worst);
	json_u64(&j, "default_file_bytes", dflt);
	if (o->kdump) {
		json_u64(&j, "dump_level", o->level);
		json_u64(&j, "dump_bytes", expect);
	} else {
		json_str(&j, "dump_level", NULL);
		json_u64(&j, "dump_bytes", expect);
	}
	if (held) {
		json_u64(&j, "held_bytes", (uint64_t)held->pages * PAGE_SIZE);
		json_u64(&j, "capture_pages", held->pages);
		json_u64(&j, "pool_pages", held->pool);
		json_u64(&j, "helpers", held->helpers);
	} else {
		json_str(&j, "held_bytes", NULL);
		json_str(&j, "capture_pages", NULL);
		json_str(&j, "pool_pages", NULL);
		json_str(&j, "helpers", NULL);
	}
	json_str(&j, "target", o->target);
	json_str(&j, "target_kind", o->target ? t->kind : NULL);
	if (o->target)
		json_u64(&j, "target_bytes", t->bytes);
	else
		json_str(&j, "target_bytes", NULL);
	json_str(&j, "target_verdict", o->target ? t->verdict : NULL);
	json_end(&j);
}

/* Sizes everything for @core and prints it; an exit status. */
static int estimate(const struct est_opts *o, struct system_core *core)
{
	struct target_fit t = { 0 };
	struct held_size held;
	struct dump_size s;
	struct meminfo m;
	uint64_t dflt, expect;
	uint32_t helpers = 0;
	char words[CPUS_WORDS_MAX];
	int h;

	memset(&m, 0, sizeof(m));
	if (o->kdump && meminfo_read(&m))
		return P2MDUMP_EXIT_ERROR;
	if (dumpsize_of(core->hdr, core->hdr_size, o->kdump, &s)) {
		cli_err("the elfcorehdr built for this machine does not parse");
		return P2MDUMP_EXIT_ERROR;
	}
	dflt = filesize_default(&s, o->kdump, &m);
	expect = filesize_expected(&s, o->kdump, &m, o->level);
	/* load's default: every other CPU helps a kdump (this one is lzo) */
	if (o->kdump && cpus_helper_words(CPUS_HELPERS_ALL, words,
					  sizeof(words), &helpers))
		return P2MDUMP_EXIT_ERROR;
	h = heldsize_count(o->image, core, helpers, &held);
	if (h < 0 || (o->target && target_size(o->target, dflt, &t)))
		return P2MDUMP_EXIT_ERROR;
	if (o->target)
		t.verdict = verdict(t.bytes, &s, dflt);
	if (o->json)
		print_json(o, &s, dflt, expect, h ? NULL : &held, &t);
	else
		print_text(o, &s, dflt, expect, h ? NULL : &held, &t);
	return P2MDUMP_EXIT_OK;
}

int cmd_estimate(int argc, char **argv)
{
	struct system_core core;
	struct est_opts o;
	int ret = parse(argc, argv, &o);

	if (ret)
		return ret == 100 ? P2MDUMP_EXIT_OK : ret;
	memset(&core, 0, sizeof(core));
	ret = P2MDUMP_EXIT_ERROR;
	/* The sizes do not depend on the vaddrs: page_offset 0. */
	if (!corehdr_read(&core) && !corehdr_build(&core, 0))
		ret = estimate(&o, &core);
	corehdr_free(&core);
	return ret;
}
