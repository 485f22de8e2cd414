// SPDX-License-Identifier: GPL-2.0
/*
 * The guest harness: a bare-metal stand-in for the crashed system.
 *
 * Booted by QEMU as a Multiboot kernel with the capture kernel ELF as its
 * module, it turns on PAE paging, lets the loader core place the capture
 * kernel into randomly chosen, never machine-adjacent frames (seeded,
 * printed, replayable), optionally corrupts one frame, and hands off.
 *
 * With `dump`, it first plays a crashed system worth dumping: it fills
 * its free RAM with the address-derived pattern of pattern.h, plants the
 * notes of fake_notes.h, and hands the capture kernel an elfcorehdr that
 * describes both, as kexec-tools would for Linux.
 *
 * Command line: seed=N pool=N flip=image|p2m dry=N dump misalign split=N
 *               cpus=N extents=D+N,... helpers=N lowfill append=...
 *   pool=N   the capture kernel's pool (default: the loader core's, the
 *            dump's need plus a margin; the need is printed)
 *   dry=N    the frame source runs dry after N frames (an error test)
 *   misalign the elfcorehdr's RAM ranges start 0x208 bytes into a page and
 *            end 0x108 bytes early: loads that are neither page- nor
 *            sector-aligned, as an e820 map may give
 *   split=N  the elfcorehdr describes RAM as N ranges: the largest cut in
 *            pieces with a one-page hole after each but the last (a
 *            machine with many RAM ranges)
 *   cpus=N   N CPUs' NT_PRSTATUS notes (fake_notes.h), up to 256
 *   extents=D+N,D+N,...  the dump target's extent map, in logical order:
 *            N sectors at disk sector D each (decimal), up to
 *            HARNESS_EXTENTS_MAX, as `p2mdump load` hands the module its
 *            map: the loader core checks every rule but the device's
 *            size, which only the capture kernel knows.  Absent: no map,
 *            and the capture kernel refuses to dump (lib.sh passes one)
 *   helpers=N the loader reserves pool pages for N helper CPUs (the
 *            capture kernel's own helpers= word goes after append=)
 *   apic_off software-disables the local APIC (SVR bit 8), as Linux's
 *            lapic_shutdown() leaves the panicking CPU's
 *   lowfill  with dump: the RAM pages below 1 MiB but page 0 get the
 *            pattern too, so the host can check that the start page the
 *            capture kernel borrows for helper CPUs is dumped as it was
 *   append=  the rest of the line is the capture kernel's command line
 */
#include "memory.h"
#include "fake_notes.h"
#include "pattern.h"
#include "elfcore/elfcorehdr.h"
#include "elfcore/vmcore.h"
#include "loader/core/pool.h"
#include <p2mdump/ioctl.h>
#include <p2mdump/exit_codes.h>
#include "lib/printk.h"
#include "lib/string.h"
#include "arch/i386/machine.h"
#include <p2mdump/pae.h>


struct harness_opts {
	uint64_t seed;
	uint32_t pool_pages;
	uint32_t dry_after;
	const char *flip;		/* region to corrupt, or NULL */
	int dump;			/* play a crashed system */
	int misalign;			/* unaligned RAM ranges */
	uint32_t split;			/* RAM ranges described, 0: as is */
	uint32_t cpus;			/* NT_PRSTATUS notes */
	uint32_t nr_extents;		/* in extents[], 0: no map */
	uint32_t helpers;		/* helper CPUs the pool is sized for */
	int lowfill;			/* pattern below 1 MiB too */
	int apic_off;			/* SVR bit 8 cleared */
	char append[CAPTURE_CMDLINE_MAX];
};

extern char __harness_end[];
extern const char handoff_stub[], handoff_stub_end[];
void harness_main(const struct mb_info *mbi);
void enter_capture(uint32_t stub, uint32_t pdpt, uint32_t entry,
		   uint32_t start_info) __attribute__((noreturn));

static struct machine_mem mem;
static uint64_t p2m[CAPTURE_MAX_PAGES];
static struct m2p_entry m2p_room[CAPTURE_MAX_PAGES];
static struct loader_result result;
static char flip_word[8];
static uint8_t note_bufs[FAKE_NOTE_BUFFERS][FAKE_NOTE_BUF_SIZE]
	__attribute__((aligned(16)));
static uint8_t cpu_bufs[P2MDUMP_MAX_CPUS][FAKE_CPU_NOTE_SIZE]
	__attribute__((aligned(16)));
static uint8_t elfcorehdr[64 + (CORE_MAX_NOTES + CORE_MAX_LOADS) * 56];
#define HARNESS_EXTENTS_MAX	64
static struct dump_extent extents[HARNESS_EXTENTS_MAX];

#define LINUX_PAGE_OFFSET	0xffff888000000000ull	/* x86_64 direct map */

static void fail(const char *what) __attribute__((noreturn));
static void fail(const char *what)
{
	printk("harness: %s\n", what);
	machine_exit(EXIT_HARNESS);
}

/* The decimal number at *@s; *@s moves past it. */
static uint64_t parse_u64_at(const char **s)
{
	uint64_t v = 0;

	while (**s >= '0' && **s <= '9')
		v = v * 10 + (uint64_t)(*(*s)++ - '0');
	return v;
}

static uint64_t parse_u64(const char *s)
{
	return parse_u64_at(&s);
}

/* extents=D+N,D+N,...: logical sectors follow from the order. */
static uint32_t parse_extents(const char *s)
{
	uint64_t logical = 0;
	uint32_t n = 0;

	for (;;) {
		if (n == HARNESS_EXTENTS_MAX)
			fail("extents= takes at most 64 extents");
		extents[n].logical_sector = logical;
		extents[n].disk_sector = parse_u64_at(&s);
		if (*s++ != '+')
			fail("extents= wants D+N,D+N,...");
		extents[n].nr_sectors = parse_u64_at(&s);
		logical += extents[n++].nr_sectors;
		if (*s != ',')
			return n;
		s++;
	}
}

/* Copies the word at @s up to a blank into @dst (size @n). */
static void copy_word(char *dst, const char *s, uint32_t n)
{
	uint32_t i;

	for (i = 0; i + 1 < n && s[i] && s[i] != ' '; i++)
		dst[i] = s[i];
	dst[i] = '\0';
}

static void parse_cmdline(struct harness_opts *o, const char *s)
{
	o->seed = 1;
	o->pool_pages = 0;		/* the loader core's default */
	o->cpus = FAKE_STD_CPUS;
	while (s && *s) {
		if (!strncmp(s, "seed=", 5))
			o->seed = parse_u64(s + 5);
		else if (!strncmp(s, "pool=", 5))
			o->pool_pages = (uint32_t)parse_u64(s + 5);
		else if (!strncmp(s, "dump", 4) && (s[4] == ' ' || !s[4]))
			o->dump = 1;
		else if (!strncmp(s, "misalign", 8))
			o->misalign = 1;
		else if (!strncmp(s, "split=", 6))
			o->split = (uint32_t)parse_u64(s + 6);
		else if (!strncmp(s, "cpus=", 5))
			o->cpus = (uint32_t)parse_u64(s + 5);
		else if (!strncmp(s, "helpers=", 8))
			o->helpers = (uint32_t)parse_u64(s + 8);
		else if (!strncmp(s, "lowfill", 7) && (s[7] == ' ' || !s[7]))
			o->lowfill = 1;
		else if (!strncmp(s, "apic_off", 8) && (s[8] == ' ' || !s[8]))
			o->apic_off = 1;
		else if (!strncmp(s, "extents=", 8))
			o->nr_extents = parse_extents(s + 8);
		else if (!strncmp(s, "dry=", 4))
			o->dry_after = (uint32_t)parse_u64(s + 4);
		else if (!strncmp(s, "flip=", 5)) {
			copy_word(flip_word, s + 5, sizeof(flip_word));
			o->flip = flip_word;
		} else if (!strncmp(s, "append=", 7)) {
			/* The rest of the line goes to the capture kernel. */
			uint32_t i;

			for (i = 0; i + 1 < sizeof(o->append) && s[7 + i]; i++)
				o->append[i] = s[7 + i];
			return;
		}
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
}

/* Flips one byte in a capture frame after the checksum was taken. */
static void corrupt(const struct harness_opts *o, struct frame_source *src)
{
	const struct start_info *si = &result.si;
	uint32_t pfn;
	uint8_t *page;

	if (!strncmp(o->flip, "image", 6))
		pfn = 0;
	else if (!strncmp(o->flip, "p2m", 4))
		pfn = si->p2m_pfn;
	else
		fail("flip= wants image or p2m");
	page = src->map(src->ctx, p2m[pfn]);
	page[100] ^= 0x01;
	printk("harness: flipped a bit in pfn %u (mfn %llx) after load\n",
	       pfn, (unsigned long long)p2m[pfn]);
}

/* Every free frame above the harness gets the pattern of its address. */
static void fill_pattern(struct frame_source *src, uint64_t seed)
{
	uint64_t mfn, pages = 0;
	uint32_t r, i;

	for (r = 0; r < mem.nr_ram; r++) {
		mfn = mem.ram[r].first_mfn;
		if (mfn < mem.reserved_end_mfn)
			mfn = mem.reserved_end_mfn;
		for (; mfn < mem.ram[r].end_mfn; mfn++, pages++) {
			uint64_t *word = src->map(src->ctx, mfn);
			uint64_t maddr = mfn_to_maddr(mfn);

			for (i = 0; i < PAGE_SIZE / 8; i++)
				word[i] = pattern_word(maddr + i * 8, seed);
		}
	}
	printk("harness: filled %llu pages from %llx with the pattern\n",
	       (unsigned long long)pages,
	       (unsigned long long)mfn_to_maddr(mem.reserved_end_mfn));
}

#define LOW_LIMIT	0x100000ull	/* lowfill: below 1 MiB */
#define XAPIC_SVR	0xfee000f0u	/* paging still off: its maddr */
#define SVR_ENABLE	0x100u

/* apic_off: the local APIC software-disabled, its LVTs masked by that. */
static void apic_software_disable(void)
{
	volatile uint32_t *svr = (volatile uint32_t *)XAPIC_SVR;

	*svr &= ~SVR_ENABLE;
	printk("harness: local APIC software-disabled (SVR %08x)\n", *svr);
}

/* lowfill: every RAM page in [4 KiB, 1 MiB) gets the pattern of its
 * address.  The Multiboot info QEMU leaves there was read already. */
static void fill_low(struct frame_source *src, uint64_t seed)
{
	uint64_t mfn, first = 0, end = 0, pages = 0;
	uint32_t r, i;

	for (r = 0; r < mem.nr_ram; r++) {
		for (mfn = mem.ram[r].first_mfn; mfn < mem.ram[r].end_mfn &&
		     mfn_to_maddr(mfn) < LOW_LIMIT; mfn++) {
			uint64_t *word = src->map(src->ctx, mfn);
			uint64_t maddr = mfn_to_maddr(mfn);

			if (!mfn)
				continue;	/* real-mode IVT, BIOS data */
			for (i = 0; i < PAGE_SIZE / 8; i++)
				word[i] = pattern_word(maddr + i * 8, seed);
			if (!pages++)
				first = maddr;
			end = maddr + PAGE_SIZE;
		}
	}
	printk("harness: filled %llu low pages from %llx to %llx with the "
	       "pattern\n", (unsigned long long)pages,
	       (unsigned long long)first, (unsigned long long)end);
}

/* The RAM the elfcorehdr describes, into @out: the machine's ranges, or
 * @split of them, the largest cut in pieces a one-page hole apart. */
static uint32_t describe_ram(struct core_range *out, uint32_t split)
{
	uint32_t i, k, n = 0, big = 0, pieces;
	uint64_t step;

	for (i = 1; i < mem.nr_ram; i++)
		if (mem.ram[i].end_mfn - mem.ram[i].first_mfn >
		    mem.ram[big].end_mfn - mem.ram[big].first_mfn)
			big = i;
	pieces = split > mem.nr_ram ? split - (mem.nr_ram - 1) : 1;
	if (pieces > CORE_MAX_LOADS + 1)
		fail("split= wants at most 1025 ranges");
	step = (mem.ram[big].end_mfn - mem.ram[big].first_mfn) / pieces;
	if (step < 2)
		fail("split=: ranges of under two pages");
	for (i = 0; i < mem.nr_ram; i++) {
		for (k = 0; k < (i == big ? pieces : 1); k++) {
			out[n].start = mfn_to_maddr(mem.ram[i].first_mfn + k * step);
			out[n].end = k + 1 < pieces && i == big ?
				     out[n].start + mfn_to_maddr(step - 1) :
				     mfn_to_maddr(mem.ram[i].end_mfn);
			n++;
		}
	}
	return n;
}

/* Plants notes for @cpus CPUs (fake_notes.h) into @notes; their count. */
static uint32_t plant_notes(struct core_note_ref *notes, uint32_t cpus)
{
	uint32_t i, n = 0;

	if (cpus < FAKE_STD_CPUS || cpus > P2MDUMP_MAX_CPUS)
		fail("cpus= wants 3 to 256");
	for (i = 0; i < FAKE_NOTE_BUFFERS; i++) {
		if (i == 3 && cpus > FAKE_STD_CPUS)
			continue;	/* room for 256 CPUs + VMCOREINFO */
		fake_note_buffer(i, note_bufs[i]);
		notes[n].maddr = (uint32_t)(uintptr_t)note_bufs[i];
		notes[n++].size = FAKE_NOTE_BUF_SIZE;
	}
	for (i = FAKE_STD_CPUS; i < cpus; i++) {
		fake_cpu_note_buffer(i, cpu_bufs[i]);
		notes[n].maddr = (uint32_t)(uintptr_t)cpu_bufs[i];
		notes[n++].size = FAKE_CPU_NOTE_SIZE;
	}
	return n;
}

/* The crashed system's notes and the elfcorehdr that points at them. */
static uint32_t plant_notes_and_header(const struct harness_opts *o)
{
	static struct core_range ram[CORE_MAX_LOADS + 1];
	static struct core_note_ref notes[FAKE_NOTE_BUFFERS + P2MDUMP_MAX_CPUS];
	struct elfcorehdr_params p = { 0 };
	uint32_t i;
	size_t size;

	p.nr_notes = plant_notes(notes, o->cpus);
	p.nr_ram = describe_ram(ram, o->split);
	for (i = 0; i < p.nr_ram && o->misalign; i++) {
		ram[i].start += 0x208;
		ram[i].end -= 0x108;
	}
	p.ram = ram;
	p.notes = notes;
	p.page_offset = LINUX_PAGE_OFFSET;
	size = elfcorehdr_build(&p, elfcorehdr, sizeof(elfcorehdr));
	if (size == 0)
		fail("elfcorehdr does not fit");
	printk("harness: elfcorehdr %u bytes: %u RAM ranges, %u note buffers, "
	       "%u CPUs\n", (uint32_t)size, p.nr_ram, p.nr_notes, o->cpus);
	return (uint32_t)size;
}

/* The capture frames, for the host checker: they are zeros in the dump. */
static void print_p2m(uint32_t nr_pages)
{
	uint32_t pfn;

	for (pfn = 0; pfn < nr_pages; pfn++)
		printk("%s%llx%s", pfn % 8 ? " " : "p2m:", (unsigned long long)p2m[pfn],
		       pfn % 8 == 7 || pfn == nr_pages - 1 ? "\n" : "");
}

static const struct mb_module *capture_module(const struct mb_info *mbi)
{
	if (!(mbi->flags & MB_INFO_MODS) || mbi->mods_count < 1)
		fail("no capture kernel module (QEMU -initrd capture.elf)");
	return (const struct mb_module *)(uintptr_t)mbi->mods_addr;
}

static void load(const struct harness_opts *o, const struct mb_module *mod,
		 struct frame_source *src, uint32_t elfcorehdr_size)
{
	struct loader_params params = {
		.image = (const void *)(uintptr_t)mod->start,
		.image_size = mod->end - mod->start,
		.cmdline = o->append,
		.pool_pages = o->pool_pages,
		.max_mfn = mem.max_mfn,
		.phys_bits = PAE_MAX_PHYS_BITS,
		.elfcorehdr = elfcorehdr_size ? elfcorehdr : (const void *)0,
		.elfcorehdr_size = elfcorehdr_size,
		.extents = o->nr_extents ? extents : (const struct dump_extent *)0,
		.nr_extents = o->nr_extents,
		.helpers = o->helpers,
	};
	struct loader_work work = { p2m, m2p_room, CAPTURE_MAX_PAGES, 0 };
	struct loader_pool pool;
	enum loader_err err;

	loader_pool(&params, &pool);
	printk("harness: pool %u pages, the dump needs %u\n", pool.pages,
	       pool.need);
	err = loader_build(&params, src, &work, &result);
	if (err != LOADER_OK) {
		printk("harness: loader error %d: %s\n", err,
		       loader_strerror(err));
		machine_exit(EXIT_HARNESS);
	}
	printk("harness: extent map: %u extents\n", o->nr_extents);
	printk("harness: loaded %u pages: %u machine-contiguous runs, "
	       "%u frames above 4 GiB, checksum %016llx\n",
	       result.si.nr_pages, result.contiguous_runs,
	       result.frames_above_4g, (unsigned long long)result.si.checksum);
}

void harness_main(const struct mb_info *mbi)
{
	struct harness_opts opts = { 0 };
	const struct mb_module *mod;
	struct frame_source src;
	uint32_t handoff, hdr_size = 0;

	serial_init();
	parse_cmdline(&opts, mbi->flags & MB_INFO_CMDLINE ?
		      (const char *)(uintptr_t)mbi->cmdline : "");
	printk("harness: seed=%llu (replay with seed=%llu)\n",
	       (unsigned long long)opts.seed, (unsigned long long)opts.seed);
	mod = capture_module(mbi);
	if (mem_init(&mem, mbi, opts.seed,
		     mod->end > (uint32_t)(uintptr_t)__harness_end ?
		     mod->end : (uint32_t)(uintptr_t)__harness_end) < 0)
		fail("cannot read the RAM map");
	mem.limit = opts.dry_after;
	printk("harness: RAM ends at %llx, frames picked above %llx\n",
	       (unsigned long long)mfn_to_maddr(mem.max_mfn),
	       (unsigned long long)mfn_to_maddr(mem.reserved_end_mfn));
	if (opts.apic_off)
		apic_software_disable();
	paging_init();
	mem_frame_source(&mem, &src);
	if (opts.dump) {
		fill_pattern(&src, opts.seed);
		if (opts.lowfill)
			fill_low(&src, opts.seed);
		hdr_size = plant_notes_and_header(&opts);
	}
	load(&opts, mod, &src, hdr_size);
	if (opts.dump)
		print_p2m(result.si.nr_pages);
	if (opts.flip)
		corrupt(&opts, &src);
	handoff = (uint32_t)result.si.handoff_maddr;
	memcpy((void *)(uintptr_t)(handoff + HANDOFF_CODE_OFFSET), handoff_stub,
	       (uint32_t)(handoff_stub_end - handoff_stub));
	printk("harness: entering capture kernel at %08x, CR3 %08llx\n",
	       result.entry_vaddr, (unsigned long long)result.pdpt_maddr);
	enter_capture(handoff + HANDOFF_CODE_OFFSET, (uint32_t)result.pdpt_maddr, result.entry_vaddr,
		      result.start_info_vaddr);
}
