/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kdump dump's page jobs on the helper CPUs (kdump/jobs.h), set up
 * from the pool, the map window's job part and the arrived helpers.
 */
#ifndef CAPTURE_DUMP_JOBS_H
#define CAPTURE_DUMP_JOBS_H

#include "kdump/pages.h"
#include "lib/compress.h"

/*
 * Puts the arrived helpers to work on @src's pages, each with a
 * compressor like the boot CPU's @boot (worker 0's): the queue to
 * set as src->jobs, or NULL (no helper, nothing to compress), the helpers
 * then parked.
 */
struct kdump_jobs *dump_jobs_start(const struct core_desc *d,
				   const struct kdump_source *src,
				   const struct compressor *boot);

/* Sends the helpers home and prints who did what; NULL: nothing. */
void dump_jobs_end(struct kdump_jobs *q);

#endif
