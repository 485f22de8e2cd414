/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump load`: checks a --image capture kernel, resolves the dump
 * target, builds the elfcorehdr of the running system and hands all of it
 * to p2mdump.ko (P2MDUMP_IOC_LOAD), which arms the panic path.  The
 * hidden `p2mdump dump-elfcorehdr` (dumphdr.h) runs the same preparation
 * without the module.
 */
#ifndef LOADER_CLI_LOAD_H
#define LOADER_CLI_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <p2mdump/ioctl.h>
#include "loader/core/elf32.h"
#include "corehdr.h"
#include "filetarget.h"
#include "target.h"

#define LOAD_ARGS	"--target DEV|FILE [--size N] [--format kdump|elf] [--compress lzo|zlib|none]\n" \
		"                    [--dump-level N] [--helpers N|all] [--append ARGS] [--pool PAGES]\n" \
		"                    [--force] [--wipe] [--discard-dump] [--image FILE]"
#define LOAD_HELP	"arm the capture kernel to dump to the virtio-blk disk DEV or a dump file"

/* The command line of load (and dump-elfcorehdr). */
struct load_opts {
	const char *image;		/* NULL: the module's built-in one
					 * (load), none (dump-elfcorehdr) */
	const char *target;		/* NULL: none (dump-elfcorehdr) */
	const char *append;		/* NULL: none */
	const char *format;		/* "kdump" (default) or "elf" */
	const char *compress;		/* "lzo" (default) or "none"; kdump */
	uint32_t dump_level;		/* makedumpfile -d bits; kdump */
	bool dump_level_set;
	const char *out;		/* dump-elfcorehdr only */
	uint32_t pool_pages;		/* 0: the module's default */
	bool force;
	bool wipe;			/* aim at a disk holding data */
	bool discard_dump;		/* overwrite a dump never saved */
	uint64_t nonce;			/* load: nonce= for the capture kernel;
					 * 0: none (dump-elfcorehdr) */
	uint64_t size;			/* --size: a dump file's bytes; 0:
					 * the default (filesize.h) */
	uint32_t helpers;		/* --helpers: at most; cpus.h's
					 * CPUS_HELPERS_ALL by default */
};

/* Everything load sends, but the elfcorehdr's page_offset. */
struct load_plan {
	void *image;
	size_t image_size;
	struct elf32_image elf;
	struct target target;		/* a dump file: its filesystem's disk */
	bool is_file;			/* the target is a dump file */
	struct filetarget file;		/* then: filetarget.h */
	char cmdline[P2MDUMP_CMDLINE_MAX];
	struct system_core core;
};

/* Parses the options of @argv[0] ("load" or, with @dump, the hidden
 * "dump-elfcorehdr") into @o; 0, 100 after --help, or
 * P2MDUMP_EXIT_USAGE after printing why. */
int load_parse_args(int argc, char **argv, bool dump, struct load_opts *o);

/* Reads and checks the image, the target and the system's notes and
 * RAM; 0, or -1 after printing why.  load_plan_free() it either way. */
int load_prepare(const struct load_opts *o, struct load_plan *p);

/* After corehdr_build(): refuses a target disk too small for even the
 * dump's headers, warns when it may be too small for all of it
 * (dumpsize.h); 0, or -1 printed. */
int load_check_size(const struct load_opts *o, const struct load_plan *p);

/* Frees what load_prepare() allocated and closes a dump file; if
 * @refused (the load failed), undoes what load did to it (filemake.h). */
void load_plan_free(struct load_plan *p, bool refused);

/* Runs `p2mdump load`; argv[0] is "load".  Returns an exit status. */
int cmd_load(int argc, char **argv);

#endif
