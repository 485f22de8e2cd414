/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loader core: the capture kernel's domain builder.
 *
 * Given the capture kernel's ELF image and a source of free machine frames,
 * it lays out the capture kernel's pseudo-physical space, takes one frame
 * per page, and writes into them the image, the start info, the p2m, the
 * initial PAE page tables and the checksum.  Freestanding (no libc, no
 * Linux headers): the Linux module, the guest harness and the host tests
 * all run this same code, and reach machine memory only through
 * frame_source.map.
 *
 * Pseudo-physical layout (docs/boot-protocol.md):
 *
 *   pfn 0            image: PT_LOAD segments at vaddr - CAPTURE_KERNEL_BASE
 *   image_pages      start info
 *                    elfcorehdr (a copy of the caller's)
 *                    extent map (a copy of the caller's)
 *                    p2m (uint64_t mfn[nr_pages])
 *                    m2p room, page pool (zeroed)
 *                    kernel PD, kernel PTs
 *                    identity PD, identity PT
 *   nr_pages - 1     handoff page (< 3 GiB, identity-mapped, holds the PDPT)
 */
#ifndef LOADER_BUILD_H
#define LOADER_BUILD_H

#include <p2mdump/types.h>
#include <p2mdump/start_info.h>
#include <p2mdump/extent_map.h>
#include "p2m/p2m.h"
#include "loader_err.h"

/* frame_source.alloc flags */
#define FRAME_ANY	0
#define FRAME_IDENT	1	/* the handoff page: below CAPTURE_KERNEL_BASE,
				 * so below 4 GiB as CR3 needs for the PDPT */

struct frame_source {
	void *ctx;
	/* A free machine frame, or MFN_INVALID when none is left. */
	uint64_t (*alloc)(void *ctx, unsigned int flags);
	/* A writable view of one frame, valid until the next map call. */
	void *(*map)(void *ctx, uint64_t mfn);
};

struct loader_params {
	const void *image;
	size_t image_size;
	const char *cmdline;		/* may be NULL */
	uint32_t pool_pages;		/* free pages for the capture kernel;
					 * 0: what its dump needs plus a
					 * margin (loader/core/pool.h) */
	uint64_t max_mfn;		/* machine frames are below this */
	unsigned int phys_bits;		/* machine address width, 32..52 */
	const void *elfcorehdr;		/* NULL: none (self-test boot) */
	uint32_t elfcorehdr_size;
	const struct dump_extent *extents;	/* the dump target; checked
						 * (lib/extent_map.h) but for
						 * the device's size */
	uint32_t nr_extents;		/* 0: none (self-test boot; the
					 * capture kernel refuses to dump) */
	uint32_t helpers;		/* helper CPUs the command line lets
					 * start: their pool pages are added
					 * to the need (lib/pool_need.h) */
};

/* Caller-provided room, sized for CAPTURE_MAX_PAGES or for the estimate. */
struct loader_work {
	uint64_t *p2m;
	struct m2p_entry *m2p;
	uint32_t capacity;		/* entries in each */
	uint32_t nr_taken;		/* out: frames in p2m[0, nr_taken) */
};

struct loader_result {
	struct start_info si;		/* as written to the start-info page */
	uint32_t entry_vaddr;		/* EIP at entry */
	uint32_t start_info_vaddr;	/* ESI at entry */
	uint64_t pdpt_maddr;		/* CR3 at entry */
	uint32_t contiguous_runs;	/* machine-contiguous runs, pfn order */
	uint32_t frames_above_4g;
};

/* Pages the capture kernel will need for this image, pool, header and
 * extent map (@pool_pages as loader_pool() resolved it). */
enum loader_err loader_count_pages(const void *image, size_t image_size,
				   uint32_t pool_pages, uint32_t elfcorehdr_size,
				   uint32_t nr_extents, uint32_t *nr_pages);

/*
 * Builds the capture kernel, with the pool loader_pool() resolves (and
 * its refusals: too many loads, a pool below the need).  On success every frame in work->p2m holds
 * its page.  Success or not, the frames taken from @src are exactly
 * work->p2m[0, work->nr_taken): the caller gives those back on failure.
 */
enum loader_err loader_build(const struct loader_params *params,
			     const struct frame_source *src,
			     struct loader_work *work,
			     struct loader_result *out);

/* Recomputes the checksum over the frames, as the capture kernel will. */
uint64_t loader_checksum(const struct frame_source *src,
			 const uint64_t *p2m, const struct start_info *si);

#endif
