// SPDX-License-Identifier: GPL-2.0
/* The capture kernel's pool at load.  See pool.h. */
#include "pool.h"

enum loader_err loader_pool(const struct loader_params *p,
			    struct loader_pool *out)
{
	__builtin_memset(out, 0, sizeof(*out));
	if (p->elfcorehdr) {
		out->core_err = elfcorehdr_count(&out->counts, p->elfcorehdr,
						 p->elfcorehdr_size);
		if (out->core_err == CORE_ERR_TOO_MANY_LOADS)
			return LOADER_ERR_TOO_MANY_LOADS;
		if (out->core_err != CORE_OK)
			return LOADER_ERR_ELFCOREHDR;
		out->need = pool_need_max(&out->counts);
	}
	out->need += pool_helpers_need(p->helpers);
	out->pages = p->pool_pages;
	if (!out->pages)
		out->pages = out->need + LOADER_POOL_MARGIN;
	return out->pages < out->need ? LOADER_ERR_POOL_SMALL : LOADER_OK;
}
