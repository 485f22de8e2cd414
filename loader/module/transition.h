/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 64-bit transition page table: identity-maps 0-4 GiB with 2 MiB pages
 * (no NX) so the handoff page stays reachable while long mode is left.
 * Entries 256-511 of its top level are copied from the live table at panic
 * time, so the module's text is still mapped right after the CR3 write.
 */
#ifndef P2MDUMP_TRANSITION_H
#define P2MDUMP_TRANSITION_H

#include <linux/types.h>

#define TRANSITION_MAX_PAGES	7	/* top, P4D, PUD, 4 PDs */

struct transition {
	struct page *pages[TRANSITION_MAX_PAGES];
	unsigned int nr_pages;
	unsigned int levels;		/* 4 or 5 */
	u64 *top;			/* its top-level table */
};

int transition_build(struct transition *t);
void transition_free(struct transition *t);

/* At panic: copy the kernel half of the live top-level table. */
void transition_copy_kernel_half(struct transition *t);

u64 transition_cr3(const struct transition *t);

#endif
