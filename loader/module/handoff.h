/* SPDX-License-Identifier: GPL-2.0 */
/* The handoff blob (handoff_64.S) and the jump into it. */
#ifndef P2MDUMP_HANDOFF_H
#define P2MDUMP_HANDOFF_H

#include <linux/types.h>

/* The blob's parameter slots, in order. */
struct handoff_params {
	u32 pdpt_maddr;			/* CR3 in PAE mode, below 4 GiB */
	u32 entry_vaddr;		/* the capture kernel's EIP */
	u32 start_info_vaddr;		/* its ESI */
};

extern const u8 p2mdump_handoff_start[], p2mdump_handoff_end[];
extern const u8 p2mdump_handoff_params[];

/* Never returns; callers follow it with BUG(), which objtool knows ends a
 * path (it cannot learn that a module function does not return). */
void p2mdump_jump(u64 transition_cr3, u64 handoff_code_maddr);

#endif
