/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Making a dump file ready to arm (docs/targets.md, "A dump file"):
 *
 *   1. open it (create it 0600 if new; a file an earlier load left
 *      immutable, holding a p2mdump header, gets the flag cleared);
 *   2. refuse an xfs realtime file, per-file data journaling, encryption
 *      or compression, and an unsaved dump in it (armdisk.h) before any
 *      write;
 *   3. grow it to the size asked (a larger file keeps its size) and write
 *      zeros over every hole, unwritten or delayed range (FIEMAP):
 *      allocated with real writes, as a swap file must be;
 *   4. fsync the file and its directory, FIEMAP_FLAG_SYNC, and translate
 *      the extents (filemap.h); write the ARMED header through the file;
 *   5. set the immutable flag (nothing can write, truncate, move or
 *      reflink its blocks), map it again and refuse if anything moved;
 *   6. open it read-only for the module, which keeps that reference.
 */
#ifndef LOADER_CLI_FILEMAKE_H
#define LOADER_CLI_FILEMAKE_H

#include <stdbool.h>
#include <stdint.h>
#include "filetarget.h"

#define FILEMAKE_ROUND	(1u << 20)	/* new and grown sizes, bytes */

/* Makes @f (filetarget_resolve()d, on device @t) ready: at least @size
 * bytes, the map in @f->map, the ARMED header with @nonce written (an
 * unsaved dump refused unless @discard).  0, or -1 after printing why
 * (then filetarget_close(@f, true) undoes what was done). */
int filemake_make(struct filetarget *f, const struct target *t, uint64_t size,
		  bool discard, uint64_t nonce);

/* After a refused load: clears the immutable flag filemake_make() set
 * and unlinks the file if it created it. */
void filemake_undo(struct filetarget *f);

/* Prints @f's map, "dump file map (whole-disk sectors): D+N ...", on one
 * line of stdout (the first FILEMAKE_PRINT_MAX extents, then a count). */
void filemake_print_map(const struct filetarget *f, const struct target *t);

#define FILEMAKE_PRINT_MAX	64

#endif
