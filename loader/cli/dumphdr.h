/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump dump-elfcorehdr --out FILE [load's options]`, hidden: runs
 * load's preparation without the module and writes the elfcorehdr to
 * FILE; page_offset comes from $P2MDUMP_PAGE_OFFSET.  For tests and for
 * looking at what load would send (readelf -lW FILE).
 */
#ifndef LOADER_CLI_DUMPHDR_H
#define LOADER_CLI_DUMPHDR_H

#define DUMPHDR_ARGS	"--out FILE [--image FILE] [--target DEV] [--append ARGS]"
#define DUMPHDR_HELP	"(debugging) write the elfcorehdr load would build to FILE"

/* Runs `p2mdump dump-elfcorehdr`; returns an exit status. */
int cmd_dump_elfcorehdr(int argc, char **argv);

#endif
