// SPDX-License-Identifier: GPL-2.0
/* Helper CPUs, the machine side.  See smp.h and trampoline.S. */
#include "smp.h"
#include "cpu.h"
#include "gdt.h"
#include "mmu.h"
#include "trap.h"
#include "lib/bug.h"
#include "lib/string.h"

extern const uint8_t smp_trampoline[], smp_trampoline_end[];
extern const uint8_t smp_tr_gdt[], smp_tr_gdt_desc[], smp_tr_pm_ptr[];
extern const uint8_t smp_tr_pm32[], smp_tr_cr3[], smp_tr_entry[];
extern const uint8_t smp_tr_stub[];
extern const uint8_t smp_paging_stub[], smp_paging_stub_end[];
extern const uint8_t smp_ap_entry[];
void smp_ap_main(uint32_t ticket) __attribute__((noreturn));

/* Read by trampoline.S's smp_ap_entry. */
uint32_t smp_ap_ticket;
uint32_t smp_ap_nr;
uint32_t smp_ap_stack_top[SMP_MAX_HELPERS];

static union gdt_page *ap_gdt[SMP_MAX_HELPERS];
static struct smp_fault faults[SMP_MAX_HELPERS];
static void (*ap_entry_fn)(uint32_t ticket);
static void (*fault_hook)(uint32_t ticket);

void smp_prepare(uint32_t n, void *const *stacks, void *const *gdts,
		 void (*entry)(uint32_t ticket))
{
	uint32_t i;

	BUG_ON(n > SMP_MAX_HELPERS);
	for (i = 0; i < n; i++) {
		smp_ap_stack_top[i] = (uint32_t)(uintptr_t)stacks[i] + 4096;
		ap_gdt[i] = gdts[i];
		gdt_page_init_readonly(ap_gdt[i]);
	}
	ap_entry_fn = entry;
	__atomic_store_n(&smp_ap_ticket, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&smp_ap_nr, n, __ATOMIC_RELEASE);
}

/* Writes the 32-bit value @v at slot @slot of the trampoline copy @page. */
static void put_slot(uint8_t *page, const uint8_t *slot, uint32_t v)
{
	memcpy(page + (slot - smp_trampoline), &v, sizeof(v));
}

uint8_t smp_trampoline_install(const struct start_info *si,
			       uint64_t start_mfn, void *save)
{
	uint32_t base = (uint32_t)mfn_to_maddr(start_mfn);
	uint8_t *page = map_window(&start_mfn, 1, 0);
	uint8_t *handoff = __va(pfn_to_paddr(si->handoff_pfn));

	BUG_ON(base >= SMP_START_PAGE_LIMIT || base == 0);
	memcpy(save, page, PAGE_SIZE);
	memcpy(handoff + HANDOFF_AP_STUB_OFFSET, smp_paging_stub,
	       (size_t)(smp_paging_stub_end - smp_paging_stub));
	memcpy(page, smp_trampoline,
	       (size_t)(smp_trampoline_end - smp_trampoline));
	/* smp_tr_gdt_desc: limit (2 bytes), then the base. */
	put_slot(page, smp_tr_gdt_desc + 2,
		 base + (uint32_t)(smp_tr_gdt - smp_trampoline));
	put_slot(page, smp_tr_pm_ptr,
		 base + (uint32_t)(smp_tr_pm32 - smp_trampoline));
	put_slot(page, smp_tr_cr3, read_cr3());
	put_slot(page, smp_tr_entry, (uint32_t)(uintptr_t)smp_ap_entry);
	put_slot(page, smp_tr_stub,
		 (uint32_t)si->handoff_maddr + HANDOFF_AP_STUB_OFFSET);
	mb();
	return (uint8_t)start_mfn;
}

void smp_trampoline_remove(uint64_t start_mfn, const void *save)
{
	memcpy(map_window(&start_mfn, 1, 0), save, PAGE_SIZE);
	mb();
}

/* Entered from smp_ap_entry on this ticket's stack. */
void smp_ap_main(uint32_t ticket)
{
	struct desc_ptr d = {
		.limit = sizeof(union gdt_page) - 1,
		.base = (uint32_t)(uintptr_t)ap_gdt[ticket],
	};

	trap_load();			/* the shared IDT, gates name 0x08 */
	lgdt(&d);			/* our own page, read-only already */
	load_segments(GDT_KERNEL_CS, GDT_KERNEL_DS);
	ap_entry_fn(ticket);
	smp_park();
}

int smp_on_helper(void)
{
	return sgdt_base() != (uint32_t)(uintptr_t)&gdt_page;
}

/* This helper's ticket, from its GDT; SMP_MAX_HELPERS if unknown. */
static uint32_t this_ticket(void)
{
	uint32_t base = sgdt_base(), i;

	for (i = 0; i < smp_ap_nr; i++)
		if ((uint32_t)(uintptr_t)ap_gdt[i] == base)
			return i;
	return SMP_MAX_HELPERS;
}

const struct smp_fault *smp_helper_fault(uint32_t ticket)
{
	return &faults[ticket];
}

void smp_set_fault_hook(void (*hook)(uint32_t ticket))
{
	fault_hook = hook;
}

void smp_helper_trap(uint32_t vector, uint32_t error, uint32_t eip,
		     uint32_t cr2)
{
	uint32_t ticket = this_ticket();

	if (ticket < SMP_MAX_HELPERS && faults[ticket].count++ == 0) {
		faults[ticket] = (struct smp_fault){ vector, error, eip, cr2, 1 };
		if (fault_hook)		/* a fault in it parks at once */
			fault_hook(ticket);
	}
	smp_park();
}

void smp_park(void)
{
	for (;;) {
		cli();
		halt();
	}
}
