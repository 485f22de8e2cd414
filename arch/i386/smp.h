/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helper CPUs, the machine side: the real-mode start page and the path
 * into the capture kernel (trampoline.S), each helper's own stack and
 * GDT page, and what an exception on a helper does.  Which CPUs to start,
 * when, and what they do there is capture/helpers.c's business.
 *
 * A helper runs smp_ap_main(ticket): shared IDT, its own GDT page (read-
 * only from before it starts, like the boot CPU's), then the entry
 * function of smp_prepare(), which must never return.  Tickets are handed
 * out in arrival order, one per CPU that reaches smp_ap_entry; a ticket
 * beyond smp_prepare()'s count parks at once, with no stack.
 */
#ifndef ARCH_I386_SMP_H
#define ARCH_I386_SMP_H

#include <stdint.h>
#include <p2mdump/start_info.h>

#define SMP_MAX_HELPERS		256
/* Where the capture kernel puts smp_paging_stub in the handoff page once
 * it runs (docs/boot-protocol.md section 6): past the caller's handoff
 * code, below the boot-time stack. */
#define HANDOFF_AP_STUB_OFFSET	2048
/* Start pages are below 1 MiB, and STARTUP vectors 0xA0-0xBF reserved. */
#define SMP_START_PAGE_LIMIT	0xa0000u

/* What a fault on a helper records before the helper parks for good. */
struct smp_fault {
	uint32_t vector, error, eip, cr2;
	uint32_t count;			/* 0: none; a fault in the hook: 2 */
};

/*
 * Gets @n tickets ready: stacks[i] (one page each, from the caller) and a
 * GDT page each (gdts[i], a page of its own, made read-only here), and
 * @entry, which helpers call with their ticket; @n <= SMP_MAX_HELPERS.
 */
void smp_prepare(uint32_t n, void *const *stacks, void *const *gdts,
		 void (*entry)(uint32_t ticket));

/*
 * Saves the start page's bytes (machine frame @start_mfn, below 1 MiB,
 * not ours) into @save (a page), writes the trampoline there and the
 * paging stub into the handoff page.  Returns the STARTUP vector.
 */
uint8_t smp_trampoline_install(const struct start_info *si,
			       uint64_t start_mfn, void *save);

/* Puts the saved bytes back: the page is as the crashed kernel left it. */
void smp_trampoline_remove(uint64_t start_mfn, const void *save);

/* True on a helper CPU (its GDT is not the boot CPU's). */
int smp_on_helper(void);

/* The fault a helper met, by ticket; count 0 if none. */
const struct smp_fault *smp_helper_fault(uint32_t ticket);

/* Called by the trap handler on a helper: records, never returns. */
void smp_helper_trap(uint32_t vector, uint32_t error, uint32_t eip,
		     uint32_t cr2) __attribute__((noreturn));

/* Sets the function a faulting helper calls (with its ticket) before it
 * parks: capture/helpers.c writes it off. */
void smp_set_fault_hook(void (*hook)(uint32_t ticket));

/* cli; hlt, for good. */
void smp_park(void) __attribute__((noreturn));

#endif
