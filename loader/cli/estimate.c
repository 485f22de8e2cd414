// SPDX-License-Identifier: GPL-2.0
/* Dump file sizes and `p2mdump estimate`; see estimate.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "corehdr.h"
#include "estimate.h"
#include "filesize.h"

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
			line("default file size", filesize_default(&s, kdump, &m),
			     kdump ? " (dump level 31's kept pages x 2 + 64 MiB, from /proc/meminfo)" :
			     " (the worst case)");
			ret = P2MDUMP_EXIT_OK;
		}
	}
	corehdr_free(&core);
	return ret;
}
