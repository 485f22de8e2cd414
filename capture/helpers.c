// SPDX-License-Identifier: GPL-2.0
/*
 * Helper CPUs, brought up and parked.  See helpers.h and docs/design.md,
 * "Helper CPUs".
 *
 *   boot CPU                                  each helper, in parallel
 *   choose: cpus_apic= but this CPU and bsp_apic=, at most helpers=,
 *           as many as the pool holds beyond the dump's need
 *   pool: a stack and a read-only GDT page each, one page for the start
 *         page's bytes; the start page saved, the trampoline written
 *   INIT each  ...........................>  wait-for-SIPI
 *   10 ms
 *   STARTUP each  ........................>  trampoline.S: real mode,
 *   200 us                                   protected, PAE paging;
 *   STARTUP each not yet arrived             ticket, stack, GDT, IDT;
 *   wait until all arrived, at most          helper_entry(): STARTING ->
 *   HELPER_ARRIVAL_US after the first        ARRIVED (CAS), then cli; hlt
 *   STARTUP; then each still STARTING ->
 *   WRITTEN_OFF (CAS) and INIT again (back
 *   to wait-for-SIPI: it cannot run the
 *   start page any more)
 *   start page: its bytes back; one line
 *
 * The states change only by compare-and-swap from STARTING, so a helper
 * that arrives just as the boot CPU gives up is either counted or written
 * off, never both.
 */
#include "helpers.h"
#include "cmdline.h"
#include "pool.h"
#include "lib/pool_need.h"
#include "lib/printk.h"
#include <p2mdump/elf64.h>
#include "elfcore/vmcore.h"
#include "arch/i386/apic.h"
#include "arch/i386/cpu.h"
#include "arch/i386/machine.h"
#include "arch/i386/pgtable.h"
#include "arch/i386/smp.h"
#include "arch/i386/timer.h"

#define HELPER_INIT_WAIT_US	10000u	/* INIT to the first STARTUP */
#define HELPER_STARTUP_WAIT_US	200u	/* between the two STARTUPs */
#define HELPER_ARRIVAL_US	100000u	/* from the first STARTUP */

enum helper_state {
	H_STARTING = 1,
	H_ARRIVED,
	H_WRITTEN_OFF,		/* no answer in time, or no INIT sent */
	H_FAULTED,		/* an exception on it: written off too */
};

struct helper {
	uint32_t apic;
	uint32_t state;		/* enum helper_state, C11 atomics */
	uint32_t ticket;	/* smp.h's, written before it leaves STARTING */
	uint32_t worker;	/* 1..: its number at work; 0: none */
};

/* What helpers_put_to_work() publishes, once, with a release store. */
struct work {
	void (*fn)(void *ctx, uint32_t worker);
	void *ctx;
};

static struct helper helpers[SMP_MAX_HELPERS];
static uint32_t nr_helpers, nr_arrived;
static struct work *work;		/* atomics: NULL until published */
static void *stacks[SMP_MAX_HELPERS], *gdts[SMP_MAX_HELPERS];

static uint32_t state_of(const struct helper *h)
{
	return __atomic_load_n(&h->state, __ATOMIC_ACQUIRE);
}

/* STARTING -> @to, once: 1 if this call made the change. */
static int leave_starting(struct helper *h, uint32_t to)
{
	uint32_t expected = H_STARTING;

	return __atomic_compare_exchange_n(&h->state, &expected, to, 0,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static struct helper *find(uint32_t apic)
{
	uint32_t i;

	for (i = 0; i < nr_helpers; i++)
		if (helpers[i].apic == apic)
			return &helpers[i];
	return (struct helper *)0;
}

/* On a helper CPU, its own stack: arrive, wait for work, then park. */
static void helper_entry(uint32_t ticket)
{
	struct helper *h = find(machine_apic_id());
	const struct work *w;

	if (h) {
		h->ticket = ticket;
		if (cmdline_flag("helpers_fault"))	/* tests: a #PF */
			(void)*(volatile uint32_t *)0x1000;
		if (leave_starting(h, H_ARRIVED)) {
			while (!(w = __atomic_load_n(&work, __ATOMIC_ACQUIRE)))
				cpu_relax();
			if (w->fn && h->worker)
				w->fn(w->ctx, h->worker);
		}
	}
	smp_park();
}

/* smp.h's fault hook, on the faulting helper. */
static void helper_faulted(uint32_t ticket)
{
	struct helper *h = find(machine_apic_id());
	uint32_t expected = H_ARRIVED;

	if (!h)
		return;
	h->ticket = ticket;
	if (!leave_starting(h, H_FAULTED))
		__atomic_compare_exchange_n(&h->state, &expected, H_FAULTED, 0,
					    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The lowest whole RAM page of the elfcorehdr's PT_LOADs in [4 KiB,
 * SMP_START_PAGE_LIMIT) that is not ours: its maddr, or 0. */
static uint64_t start_page(const void *hdr)
{
	const struct elf64_ehdr *eh = hdr;
	const struct elf64_phdr *ph =
		(const void *)((const uint8_t *)hdr + eh->e_phoff);
	uint64_t best = 0, m, end;
	uint32_t i;

	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_paddr >= SMP_START_PAGE_LIMIT)
			continue;
		m = page_round_up(ph[i].p_paddr);
		end = page_round_down(ph[i].p_paddr + ph[i].p_memsz);
		if (end > SMP_START_PAGE_LIMIT)
			end = SMP_START_PAGE_LIMIT;
		for (m = m ? m : PAGE_SIZE; m < end && (!best || m < best);
		     m += PAGE_SIZE)
			if (mfn_to_pfn(maddr_to_mfn(m)) == PFN_INVALID)
				best = m;
	}
	return best;
}

/* Fills helpers[] from cpus_apic=, skipping this CPU, the BSP, repeats
 * and IDs the APIC cannot name; at most @want.  Prints what it skips. */
static void choose(uint32_t want, uint32_t self, uint32_t bsp)
{
	static uint32_t ids[SMP_MAX_HELPERS + 1];
	int n = cmdline_u32_list("cpus_apic", ids, SMP_MAX_HELPERS + 1);
	uint32_t over = 0;
	int i;

	if (n < 0)
		printk("helpers: cpus_apic= malformed or over %u IDs\n",
		       SMP_MAX_HELPERS);
	for (i = 0; i < n; i++) {
		const char *why = (const char *)0;

		if (ids[i] == self)
			why = ids[i] == bsp ? "this CPU, the BSP" : "this CPU";
		else if (ids[i] == bsp)
			why = "the BSP: never sent INIT";
		else if (find(ids[i]))
			why = "named twice";
		else if (ids[i] > apic_max_id())
			why = "beyond this APIC mode's IDs";
		if (why)
			printk("helpers: apic %u skipped: %s\n", ids[i], why);
		else if (nr_helpers == want)
			over++;
		else
			helpers[nr_helpers++] =
				(struct helper){ ids[i], H_STARTING, 0, 0 };
	}
	if (over)
		printk("helpers: %u more skipped: over helpers=%u\n", over, want);
}

/* Trims helpers[] to what the pool holds beyond the dump's need. */
static void fit_pool(const struct start_info *si)
{
	struct core_counts c;
	uint32_t need, free = pool_free_pages(), room = 0;

	elfcorehdr_count(&c, __va(pfn_to_paddr(si->elfcorehdr_pfn)),
			 si->elfcorehdr_size);
	need = pool_need_max(&c) + POOL_HELPERS_SHARED_PAGES;
	if (free > need)
		room = (free - need) / POOL_HELPER_PAGES;
	if (room >= nr_helpers)
		return;
	printk("helpers: the pool holds %u helpers beyond the dump's need, "
	       "not %u\n", room, nr_helpers);
	nr_helpers = room;
}

/* Why no helper can start, or NULL; sets *@start (the start page). */
static const char *cannot_start(const struct start_info *si,
				struct apic_state *apic, uint32_t *bsp,
				uint64_t *start)
{
	if (si->flags & SIF_NO_ELFCOREHDR)
		return "no elfcorehdr, so no RAM below 1 MiB is known";
	if (cmdline_u32("bsp_apic", bsp))
		return "no bsp_apic=";
	if (!cmdline_str("cpus_apic"))
		return "no cpus_apic=";
	if (apic_init(apic))
		return "no usable local APIC";
	if (apic->is_bsp && machine_apic_id() != *bsp)
		return "this CPU is the BSP (IA32_APIC_BASE), not bsp_apic=";
	*start = start_page(__va(pfn_to_paddr(si->elfcorehdr_pfn)));
	if (!*start)
		return "no RAM page below 640 KiB to borrow";
	return (const char *)0;
}

/* The wanted count from helpers=N|all; 0 if absent. */
static uint32_t wanted(void)
{
	uint32_t n;

	/* More could start, but no more can take page jobs. */
	if (cmdline_is("helpers", "all"))
		return POOL_HELPERS_MAX;
	if (cmdline_u32("helpers", &n))
		return 0;
	return n < POOL_HELPERS_MAX ? n : POOL_HELPERS_MAX;
}

static uint32_t still_starting(void)
{
	uint32_t i, n = 0;

	for (i = 0; i < nr_helpers; i++)
		n += state_of(&helpers[i]) == H_STARTING;
	return n;
}

/* INIT, 10 ms, STARTUP, 200 us, STARTUP, then the wait for arrivals. */
static void init_startup_startup(uint8_t vector)
{
	uint64_t t, deadline;
	uint32_t i, pass;

	for (i = 0; i < nr_helpers; i++)
		if (apic_send_init(helpers[i].apic))
			leave_starting(&helpers[i], H_WRITTEN_OFF);
	t = now_us() + HELPER_INIT_WAIT_US;
	while (now_us() < t)
		cpu_relax();
	deadline = now_us() + HELPER_ARRIVAL_US;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < nr_helpers; i++)
			if (state_of(&helpers[i]) == H_STARTING)
				apic_send_startup(helpers[i].apic, vector);
		t = now_us() + HELPER_STARTUP_WAIT_US;
		while (pass == 0 && now_us() < t)
			cpu_relax();
	}
	while (still_starting() && now_us() < deadline)
		cpu_relax();
}

/* Each helper still STARTING is written off and sent INIT again. */
static uint32_t write_off_stragglers(void)
{
	uint32_t i, n = 0;
	uint64_t t;

	for (i = 0; i < nr_helpers; i++)
		if (leave_starting(&helpers[i], H_WRITTEN_OFF)) {
			apic_send_init(helpers[i].apic);
			n++;
		}
	t = now_us() + HELPER_INIT_WAIT_US;	/* let the INITs land */
	while (n && now_us() < t)
		cpu_relax();
	return n;
}

static void report(uint64_t us)
{
	uint32_t i;

	printk("helpers: %u of %u arrived in %llu us%s", nr_arrived,
	       nr_helpers, (unsigned long long)us, nr_arrived ? " (apic" : "");
	for (i = 0; i < nr_helpers; i++)
		if (state_of(&helpers[i]) == H_ARRIVED)
			printk(" %u", helpers[i].apic);
	printk("%s\n", nr_arrived ? ")" : "");
	for (i = 0; i < nr_helpers; i++) {
		const struct smp_fault *f = smp_helper_fault(helpers[i].ticket);

		if (state_of(&helpers[i]) == H_WRITTEN_OFF)
			printk("helpers: apic %u written off: no answer in "
			       "%u ms\n", helpers[i].apic,
			       HELPER_ARRIVAL_US / 1000);
		if (state_of(&helpers[i]) == H_FAULTED)
			printk("helpers: apic %u written off: exception %u "
			       "error %x at eip %08x cr2 %08x\n",
			       helpers[i].apic, f->vector, f->error, f->eip,
			       f->cr2);
	}
}

/* Pool pages for each chosen helper, then the trampoline's page. */
static void *take_pool(void)
{
	uint32_t i;

	for (i = 0; i < nr_helpers; i++) {
		gdts[i] = pool_alloc(1);
		stacks[i] = pool_alloc(1);
	}
	smp_prepare(nr_helpers, stacks, gdts, helper_entry);
	smp_set_fault_hook(helper_faulted);
	return pool_alloc(1);	/* one of POOL_HELPERS_SHARED_PAGES */
}

void helpers_start(const struct start_info *si)
{
	uint32_t want = wanted(), bsp, i;
	struct apic_state apic;
	uint64_t start = 0, t0;
	const char *why;
	void *save;

	if (!cmdline_str("helpers"))
		return;			/* not asked: nothing printed */
	why = want ? cannot_start(si, &apic, &bsp, &start) : "helpers=0";
	if (why) {
		printk("helpers: none started: %s\n", why);
		return;
	}
	choose(want, machine_apic_id(), bsp);
	fit_pool(si);
	printk("helpers: %s%s, start page %05llx, %u to start\n",
	       apic_mode_name(apic.mode), apic.sw_enabled ?
	       " (was software-disabled: enabled)" : "",
	       (unsigned long long)start, nr_helpers);
	if (!nr_helpers)
		return;
	save = take_pool();
	t0 = now_us();
	init_startup_startup(smp_trampoline_install(si, maddr_to_mfn(start),
						    save));
	t0 = now_us() - t0;
	write_off_stragglers();
	smp_trampoline_remove(maddr_to_mfn(start), save);
	for (i = 0; i < nr_helpers; i++)
		nr_arrived += state_of(&helpers[i]) == H_ARRIVED;
	report(t0);
}

uint32_t helpers_arrived(void)
{
	return nr_arrived;
}

uint32_t helpers_put_to_work(void (*fn)(void *ctx, uint32_t worker),
			     void *ctx, uint32_t max)
{
	static struct work w;
	uint32_t i, n = 0;

	for (i = 0; i < nr_helpers && fn; i++)
		if (n < max && state_of(&helpers[i]) == H_ARRIVED)
			helpers[i].worker = ++n;
	w = (struct work){ fn, ctx };
	__atomic_store_n(&work, &w, __ATOMIC_RELEASE);
	return n;
}

void helpers_park(void)
{
	helpers_put_to_work((void (*)(void *, uint32_t))0, (void *)0, 0);
}

/* The helper numbered @worker, or NULL. */
static struct helper *of_worker(uint32_t worker)
{
	uint32_t i;

	for (i = 0; i < nr_helpers; i++)
		if (worker && helpers[i].worker == worker)
			return &helpers[i];
	return (struct helper *)0;
}

int helpers_faulted(uint32_t worker)
{
	const struct helper *h = of_worker(worker);

	return h && state_of(h) == H_FAULTED;
}

void helpers_write_off(uint32_t worker)
{
	struct helper *h = of_worker(worker);
	uint32_t expected = H_ARRIVED;

	if (!h)
		return;
	/* A faulted helper is parked already; INIT stops any other. */
	if (__atomic_compare_exchange_n(&h->state, &expected, H_WRITTEN_OFF, 0,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		apic_send_init(h->apic);
}
