// SPDX-License-Identifier: GPL-2.0
/* Dump file sizes and `p2mdump estimate`; see estimate.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "corehdr.h"
#include "estimate.h"

#define MEMINFO_MAX	16384	/* bytes of /proc/meminfo read */

/* The kB value of line "@key: N kB" in @text into @v; 0, or -1. */
static int meminfo_value(const char *text, const char *key, uint64_t *v)
{
	size_t len = strlen(key);
	const char *s;
	char *end;

	for (s = text; s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
		if (strncmp(s, key, len) || s[len] != ':')
			continue;
		*v = strtoull(s + len + 1, &end, 10);
		return end == s + len + 1 ? -1 : 0;
	}
	return -1;
}

int meminfo_parse(const char *text, struct meminfo *m)
{
	return meminfo_value(text, "MemFree", &m->mem_free) ||
	       meminfo_value(text, "Cached", &m->cached) ||
	       meminfo_value(text, "Shmem", &m->shmem) ||
	       meminfo_value(text, "Buffers", &m->buffers) ||
	       meminfo_value(text, "AnonPages", &m->anon) ? -1 : 0;
}

uint64_t estimate_default(const struct dump_size *s, bool kdump,
			  const struct meminfo *m)
{
	uint64_t ram_kb = s->ram_pages * 4, gone_kb, kept, bytes;

	if (!kdump)
		return s->worst;
	gone_kb = m->mem_free + m->buffers + m->anon +
		  (m->cached > m->shmem ? m->cached - m->shmem : 0);
	kept = gone_kb < ram_kb ? (ram_kb - gone_kb) << 10 : 0;
	bytes = s->metadata + 2 * kept + ESTIMATE_MARGIN;
	return bytes > s->worst ? s->worst : bytes;
}

int meminfo_read(struct meminfo *m)
{
	const char *path = env_or("P2MDUMP_MEMINFO", "/proc/meminfo");
	FILE *f = fopen(path, "re");
	char text[MEMINFO_MAX + 1];
	size_t n = f ? fread(text, 1, MEMINFO_MAX, f) : 0;

	if (f)
		fclose(f);
	text[n] = '\0';
	if (!f || meminfo_parse(text, m)) {
		cli_err("cannot read MemFree, Cached, Shmem, Buffers and AnonPages from %s",
			path);
		return -1;
	}
	return 0;
}

/* Parses estimate's options: @kdump from --format; 0, 100 (help) or
 * P2MDUMP_EXIT_USAGE printed. */
static int parse(int argc, char **argv, bool *kdump)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 0;
	*kdump = true;
	while ((c = getopt_long(argc, argv, ":hF:", longopts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: p2mdump estimate " ESTIMATE_ARGS "\n  " ESTIMATE_HELP "\n");
			return 100;
		}
		if (c != 'F' || (strcmp(optarg, "kdump") && strcmp(optarg, "elf"))) {
			cli_err("estimate: %s", c == 'F' ? "--format wants kdump or elf" :
				"unknown option or missing argument");
			goto usage;
		}
		*kdump = !strcmp(optarg, "kdump");
	}
	if (optind == argc)
		return 0;
	cli_err("estimate: unexpected argument '%s'", argv[optind]);
usage:
	fprintf(stderr, "usage: p2mdump estimate " ESTIMATE_ARGS "\n");
	return P2MDUMP_EXIT_USAGE;
}

/* Prints @what: @bytes and its MiB, rounded up. */
static void line(const char *what, uint64_t bytes, const char *note)
{
	printf("%s: %llu bytes (%llu MiB)%s\n", what, (ull)bytes,
	       (ull)((bytes + (1 << 20) - 1) >> 20), note);
}

int cmd_estimate(int argc, char **argv)
{
	struct system_core core;
	struct dump_size s;
	struct meminfo m;
	bool kdump;
	int ret = parse(argc, argv, &kdump);

	if (ret)
		return ret == 100 ? P2MDUMP_EXIT_OK : ret;
	memset(&core, 0, sizeof(core));
	memset(&m, 0, sizeof(m));
	ret = P2MDUMP_EXIT_ERROR;
	/* The sizes do not depend on the vaddrs: page_offset 0. */
	if (!corehdr_read(&core) && !corehdr_build(&core, 0) &&
	    (!kdump || !meminfo_read(&m))) {
		if (dumpsize_of(core.hdr, core.hdr_size, kdump, &s)) {
			cli_err("the elfcorehdr built for this machine does not parse");
		} else {
			printf("format: %s\n", kdump ? "kdump" : "elf");
			printf("RAM: %llu MiB (%llu pages)\n",
			       (ull)s.ram_pages >> 8, (ull)s.ram_pages);
			line("metadata", s.metadata, " (headers: the least a dump needs)");
			line("worst", s.worst, " (every RAM page, uncompressed)");
			line("default file size", estimate_default(&s, kdump, &m),
			     kdump ? " (dump level 31's kept pages x 2 + 64 MiB, from /proc/meminfo)" :
			     " (the worst case)");
			ret = P2MDUMP_EXIT_OK;
		}
	}
	corehdr_free(&core);
	return ret;
}
