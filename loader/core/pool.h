/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture kernel's page pool, at load: the elfcorehdr counted as the
 * capture kernel will count it, the pool its dump needs (lib/pool_need.h,
 * the one formula both sides use) and the pool it gets.  Both the module
 * and the CLI (before it asks the module) go through here, so a pool too
 * small, or more RAM ranges than the capture kernel takes, is refused at
 * load with its own error, never found out at the panic.
 */
#ifndef LOADER_POOL_H
#define LOADER_POOL_H

#include "build.h"
#include "elfcore/vmcore.h"
#include "lib/pool_need.h"

/*
 * The default pool is the need plus this: the opt-in compression
 * benchmarks (lzo_bench=, zlib_bench=, run before any dump) take their
 * buffers from the pool, and still leave the dump all it needs.
 */
#define LOADER_POOL_MARGIN	(POOL_LZO_PAGES + POOL_ZLIB_PAGES)

struct loader_pool {
	struct core_counts counts;	/* of the elfcorehdr (0s: none) */
	enum core_err core_err;		/* why it was refused, else CORE_OK */
	uint32_t need;			/* pool_need_max(): every format,
					 * + pool_helpers_need(helpers) */
	uint32_t pages;			/* what the capture kernel gets */
};

/*
 * Resolves @p's pool into @out: pool_pages 0 asks for need plus
 * LOADER_POOL_MARGIN.  LOADER_ERR_TOO_MANY_LOADS beyond CORE_MAX_LOADS
 * PT_LOADs, LOADER_ERR_ELFCOREHDR for a header the capture kernel would
 * refuse (out->core_err says why), LOADER_ERR_POOL_SMALL below the need.
 * Without an elfcorehdr (a self-test boot) the dump's need is 0.  Helper
 * CPUs (@p->helpers) add pool_helpers_need() either way.
 */
enum loader_err loader_pool(const struct loader_params *p,
			    struct loader_pool *out);

#endif
