// SPDX-License-Identifier: GPL-2.0
/*
 * The dump, common part: the elfcorehdr parsed, the notes merged, the
 * disk opened, the format chosen (format=kdump, the default, or elf), and
 * the three ways a dump ends.  See dump.h for the order of writes.
 */
#include <p2mdump/exit_codes.h>
#include "dump.h"
#include "dump_int.h"
#include "cmdline.h"
#include "diskcheck.h"
#include "oldmem.h"
#include "pool.h"
#include "version.h"
#include "elfcore/notes.h"
#include "lib/pool_need.h"
#include "lib/crc32.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "arch/i386/machine.h"
#include "arch/i386/pci.h"
#include "arch/i386/pgtable.h"
#include "arch/i386/rtc.h"
#include "arch/i386/timer.h"
#include "arch/i386/trap.h"

struct dump dump;

/* A buffer of many pages (ELF headers, notes) goes chunk_pages at a time:
 * each page may be a scatter entry of its own. */
int write_buffer(uint64_t off, const void *buf, uint32_t len)
{
	uint32_t max = dump.chunk_pages * PAGE_SIZE, n;
	const uint8_t *p = buf;

	if (!max)
		return -1;		/* no disk open yet */
	while (len) {
		n = len < max ? len : max;
		dump.data.n = 0;
		if (sg_add_buffer(&dump.data, p, n) < 0 ||
		    target_write(&dump.target, off, &dump.data) < 0)
			return -1;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

int write_header(uint32_t state, uint32_t reason, const char *detail)
{
	struct dumpdisk_header *h = dump.hdr;

	memcpy(h->magic, DUMPDISK_MAGIC, sizeof(h->magic));
	h->version = DUMPDISK_VERSION;
	h->header_size = sizeof(*h);
	h->state = state;
	h->reason = reason;
	h->vmcore_offset = DUMPDISK_VMCORE_OFFSET;
	h->vmcore_size = dump.written;
	h->vmcore_full_size = dump.full_size;
	h->disk_size = dump.target.bytes;	/* the room the map gives */
	h->pages_dumped = dump.pages_dumped;
	h->zero_pages = dump.zero_pages;
	h->digest = dump.written ? dump.digest() : 0;
	h->elapsed_us = now_us();
	h->first_write_us = dump.t_first_write;
	h->tlb_flushes = mmu_stats.tlb_flushes;
	h->mmu_batches = mmu_stats.batches;
	h->pages_mapped = oldmem_pages_mapped();
	memcpy(h->capture_version, P2MDUMP_VERSION, sizeof(P2MDUMP_VERSION));
	memset(h->detail, 0, sizeof(h->detail));
	memcpy(h->detail, detail, strlen(detail) < sizeof(h->detail) - 1 ?
	       strlen(detail) : sizeof(h->detail) - 1);
	h->nonce = dump.nonce;
	h->load_time = 0;		/* only load's ARMED header has it */
	h->crash_time = dump.crash_time;
	h->saved_time = 0;
	h->pad = 0;
	h->header_crc = dumpdisk_header_crc(h);
	return write_buffer(0, h, PAGE_SIZE);
}

/* Fault injection for the incomplete-dump tests: a read of an unmapped
 * address, caught by the trap handler like any real bug would be. */
static void maybe_fault(uint64_t done, uint64_t total)
{
	if (dump.fault_at && done * 100 >= dump.fault_at * total) {
		printk("dump: fault_at=%u: faulting on purpose at %llu bytes\n",
		       dump.fault_at, dump.written);
		(void)*(volatile uint32_t *)0x1000;
	}
}

void progress(uint64_t done, uint64_t total)
{
	uint64_t t = now_us(), dt = t - dump.last_progress_us;

	if (dt >= 1000000) {
		printk("dump: %3llu%% %llu/%llu MiB, %llu MiB/s, %llu MiB on disk\n",
		       done * 100 / total, done >> 20, total >> 20,
		       ((done - dump.last_progress_done) >> 10) * 1000 /
		       (dt / 1000) >> 10, dump.written >> 20);
		dump.last_progress_us = t;
		dump.last_progress_done = done;
		/* A checkpoint: a reset from here on still leaves a dump. */
		write_header(DUMP_IN_PROGRESS, DUMP_REASON_NONE, "");
	}
	maybe_fault(done, total);
}

void fail(const char *why)
{
	printk("dump: FAILED: %s\n", why);
	machine_exit(EXIT_DUMP_FAILED);
}

void end_incomplete(uint32_t reason, const char *detail)
{
	trap_set_fatal_hook((void (*)(void))0);
	/* A request may still be in flight: start the device afresh. */
	if (reason == DUMP_REASON_IO_ERROR &&
	    blkdev_reopen(&dump.disk) != (const char *)0)
		fail("disk write failed and the disk did not come back");
	dump.cut();
	blkdev_flush(&dump.disk);	/* what is there, before saying so */
	write_header(DUMP_INCOMPLETE, reason, detail);
	blkdev_flush(&dump.disk);
	blkdev_report(&dump.disk);
	printk("dump: INCOMPLETE: %s: %llu of %llu bytes on disk\n", detail,
	       dump.written, dump.full_size);
	machine_exit(EXIT_DUMP_INCOMPLETE);
}

void end_complete(void)
{
	trap_set_fatal_hook((void (*)(void))0);
	/* The vmcore durable before the header that calls it complete. */
	if (blkdev_flush(&dump.disk) < 0 ||
	    write_header(DUMP_COMPLETE, DUMP_REASON_NONE, "") < 0 ||
	    blkdev_flush(&dump.disk) < 0)
		fail("cannot write the final dump header");
	blkdev_report(&dump.disk);
	printk("dump: complete: %llu bytes of vmcore on disk\n", dump.written);
	machine_exit(EXIT_OK);
}

static uint32_t hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return (uint32_t)(c - '0');
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10) : 0x100;
}

/*
 * disk=BB:DD.F from the loader: there is no default, because writing to
 * a disk nobody named could destroy data (docs/design.md).
 */
static uint32_t pick_disk(void)
{
	const char *s = cmdline_str(DISK_WORD_BDF);
	uint32_t bus, dev, fn;

	if (!s)
		fail("no disk= on the command line: no dump disk was named");
	bus = hex_digit(s[0]) << 4 | hex_digit(s[1]);
	dev = hex_digit(s[3]) << 4 | hex_digit(s[4]);
	fn = hex_digit(s[6]);
	if (s[2] != ':' || s[5] != '.' || bus > 255 || dev > 31 || fn > 7 ||
	    (s[7] != ' ' && s[7] != '\0'))
		fail("disk= wants a PCI address BB:DD.F");
	return PCI_BDF(bus, dev, fn);
}

/* Ends the run unless the disk just opened is the armed one; it has not
 * been written to yet. */
static void check_disk(void)
{
	const struct blkdev *d = &dump.disk;
	struct disk_facts f;
	const char *word;

	f.vendor = d->vendor;
	f.device = d->device;
	f.sectors = d->sectors;
	f.serial = d->serial;
	f.nvme = d->kind == BLKDEV_NVME;
	f.nsid = d->nsid;
	f.nsid_active = d->nsid_active;
	word = diskcheck_mismatch(&f);
	if (!word)
		return;
	printk("dump: WRONG DISK: %02x:%02x.%u is not the armed dump disk (%s= differs): "
	       "it is %04x:%04x, %llu sectors, serial \"%s\"", d->bdf >> 8,
	       (d->bdf >> 3) & 31, d->bdf & 7, word, f.vendor, f.device,
	       f.sectors, d->serial);
	if (d->kind == BLKDEV_NVME)
		printk(", namespace %u%s", d->nsid,
		       d->nsid_active ? "" : " (not active)");
	printk("; nothing written\n");
	machine_exit(EXIT_WRONG_DISK);
}

/* Merges the notes into a buffer of @bytes: their sizes' sum, at most. */
static void merge_notes(uint64_t bytes)
{
	struct notes_stats ns = { 0, 0, 0 };
	long size;

	dump.notes = pool_alloc((uint32_t)pages_for(bytes));
	size = notes_merge(&dump.core, oldmem_read, (void *)0,
			   pool_alloc(POOL_NOTES_SCRATCH_PAGES), CORE_NOTE_READ_MAX,
			   dump.notes, (size_t)bytes, &ns);
	if (size < 0)
		fail("merged notes do not fit in the notes buffer");
	printk("dump: %u note buffers: %u notes kept, %u empty, %u malformed\n",
	       dump.core.nr_notes, ns.kept, ns.empty_buffers, ns.malformed);
	dump.notes_size = (uint32_t)size;
}

/* Opens the disk at disk=, recognises it, takes the extent map for it:
 * anything wrong ends the run before the first write. */
static void open_disk(const struct start_info *si)
{
	uint32_t bdf = pick_disk(), nsid = 0;
	const char *err;

	cmdline_u32(DISK_WORD_NSID, &nsid);	/* diskcheck: if it is valid */
	err = blkdev_open(&dump.disk, bdf, nsid);
	if (err)
		fail(err);
	check_disk();
	err = blkdev_start(&dump.disk);
	if (err)
		fail(err);
	err = target_open(&dump.target, &dump.disk, si);
	if (err)
		fail(err);
	dump.data.max = dump.disk.seg_max < 256 ? dump.disk.seg_max : 256;
	dump.data.max_len = dump.disk.seg_bytes_max;
	if (dump.data.max < 8)
		fail("dump disk takes too few segments per request");
	/* Room for one entry per page, an unaligned head and the padding. */
	dump.chunk_pages = dump.data.max - 2;
	printk("dump: disk %02x:%02x.%u, %s, %llu MiB\n", bdf >> 8,
	       (bdf >> 3) & 31, bdf & 7, blkdev_kind_name(&dump.disk),
	       dump.disk.sectors * DISK_SECTOR_SIZE >> 20);
	if (dump.target.bytes < DUMPDISK_VMCORE_OFFSET + 2 * PAGE_SIZE)
		fail("dump target too small for even the vmcore's headers");
}

void summary(uint64_t mem_bytes)
{
	uint64_t us = now_us(), flushes, batches;

	flushes = mmu_stats.tlb_flushes - dump.mmu_before.tlb_flushes;
	batches = mmu_stats.batches - dump.mmu_before.batches;
	printk("dump: summary: %llu pages (%llu zeroed), %llu bytes, "
	       "%llu.%03llu s, %llu MiB/s, %llu pages mapped, %llu batches, "
	       "%llu TLB flushes, %llu TLB flushes/GiB\n",
	       dump.pages_dumped, dump.zero_pages, dump.written, us / 1000000,
	       us / 1000 % 1000,
	       us ? (mem_bytes >> 10) * 1000 / (us / 1000 + 1) >> 10 : 0,
	       oldmem_pages_mapped(), batches, flushes,
	       mem_bytes ? (flushes << 30) / mem_bytes : 0);
	printk("dump: %u pool pages left unused\n", pool_free_pages());
}

/* The pool plan for format= and compress= (checked by the writers). */
static enum pool_format pool_format(void)
{
	if (cmdline_is("format", "elf"))
		return POOL_ELF;
	if (cmdline_is("compress", "none"))
		return POOL_KDUMP_RAW;
	return cmdline_is("compress", "zlib") ? POOL_KDUMP_ZLIB : POOL_KDUMP_LZO;
}

/* Ends the run before any write if the pool cannot hold this dump. */
static void check_pool(const struct core_counts *c)
{
	uint32_t need = pool_need(pool_format(), c), have = pool_free_pages();

	printk("dump: pool %u pages, this dump needs %u (%u PT_LOADs, "
	       "%u PT_NOTEs of %llu bytes)\n", have, need, c->nr_loads,
	       c->nr_notes, c->notes_bytes);
	if (have < need)
		fail("page pool too small for this dump (load with a larger --pool)");
}

/* Parses the elfcorehdr into a load table sized from its PT_LOADs. */
static void parse_elfcorehdr(const struct start_info *si, struct core_counts *c)
{
	const void *hdr = __va(pfn_to_paddr(si->elfcorehdr_pfn));
	enum core_err cerr;

	cerr = elfcorehdr_count(c, hdr, si->elfcorehdr_size);
	if (cerr != CORE_OK)
		fail(core_strerror(cerr));
	check_pool(c);
	core_desc_init(&dump.core, pool_alloc((uint32_t)pages_for(
		(uint64_t)c->nr_loads * sizeof(struct core_load))), c->nr_loads);
	cerr = elfcorehdr_parse(&dump.core, hdr, si->elfcorehdr_size);
	if (cerr != CORE_OK)
		fail(core_strerror(cerr));
}

void dump_run(const struct start_info *si)
{
	struct core_counts counts;

	dump.crash_time = rtc_utc_seconds();
	/* No nonce= (the guest harness, a stock kexec -p): 0 in the header. */
	if (cmdline_hex64("nonce", &dump.nonce))
		dump.nonce = 0;
	printk("dump: nonce %016llx, crash time %llu (RTC, UTC)\n", dump.nonce,
	       dump.crash_time);
	dump.mmu_before = mmu_stats;
	oldmem_set_batched(!cmdline_flag("nobatch"));
	cmdline_u32("fault_at", &dump.fault_at);
	parse_elfcorehdr(si, &counts);
	dump.hdr = pool_alloc(1);
	dump.zero_page = pool_alloc(1);
	dump.data.e = pool_alloc(1);
	merge_notes(counts.notes_bytes);
	open_disk(si);
	if (!cmdline_str("format") || cmdline_is("format", "kdump"))
		dump_kdump();
	if (cmdline_is("format", "elf"))
		dump_elf();
	fail("format= wants kdump or elf");
}
