// SPDX-License-Identifier: GPL-2.0
/* The vmcore writer.  See dump.h for the order of writes. */
#include <p2mdump/dumpdisk.h>
#include "dump.h"
#include "cmdline.h"
#include "elfcore/vmcore.h"
#include <p2mdump/exit_codes.h>
#include <p2mdump/pci_ids.h>
#include "elfcore/notes.h"
#include "oldmem.h"
#include "pool.h"
#include "lib/bug.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "version.h"
#include "virtio_blk.h"
#include "lib/csum.h"
#include "arch/i386/machine.h"
#include "arch/i386/mmu.h"
#include "arch/i386/pci.h"
#include "arch/i386/timer.h"
#include "arch/i386/trap.h"

#define MAX_CHUNK_PAGES	256u		/* 1 MiB per request and per batch */
#define NOTES_PAGES	8u
#define SCRATCH_PAGES	4u

static const uint16_t vblk_ids[] = {
	PCI_DEVICE_VIRTIO_BLK_LEGACY, PCI_DEVICE_VIRTIO_BLK_MODERN, 0
};

struct dump {
	struct core_desc core;
	struct vblk disk;
	struct dumpdisk_header *hdr;	/* one pool page */
	uint8_t *elf_headers;		/* one pool page */
	uint8_t *notes;
	uint8_t *zero_page;
	struct sg_list data;
	uint64_t file_size;		/* after clipping */
	uint64_t written;		/* vmcore bytes on disk */
	struct csum body;		/* digest of everything after page 0 */
	uint64_t t_first_write;
	uint64_t last_progress_us, last_progress_bytes;
	uint64_t pages_dumped, zero_pages;
	struct mmu_stats mmu_before;	/* counters when the dump began */
	uint32_t fault_at;		/* percent, 0: off */
	uint32_t chunk_pages;		/* per request: fits the scatter list */
};

static struct dump dump;

/* Writes one of our buffers at vmcore offset @off (or the disk header). */
static int write_buffer(uint64_t disk_off, const void *buf, uint32_t len)
{
	dump.data.n = 0;
	if (sg_add_buffer(&dump.data, buf, len) < 0)
		return -1;
	return vblk_write(&dump.disk, disk_off, &dump.data);
}

/* The dump header: everything the final state needs, then one write. */
static int write_header(uint32_t state, uint32_t reason, const char *detail)
{
	struct dumpdisk_header *h = dump.hdr;
	struct csum all;

	/* The digest is page 0 (the ELF headers) followed by the body. */
	csum_init(&all);
	if (dump.written >= PAGE_SIZE) {
		csum_add_page(&all, dump.elf_headers, 0, 0);
		csum_concat(&all, &dump.body, (dump.written - PAGE_SIZE) / 4);
	}
	memcpy(h->magic, DUMPDISK_MAGIC, sizeof(h->magic));
	h->version = DUMPDISK_VERSION;
	h->header_size = sizeof(*h);
	h->state = state;
	h->reason = reason;
	h->vmcore_offset = DUMPDISK_VMCORE_OFFSET;
	h->vmcore_size = dump.written;
	h->vmcore_full_size = dump.core.full_size;
	h->disk_size = dump.disk.capacity;
	h->pages_dumped = dump.pages_dumped;
	h->zero_pages = dump.zero_pages;
	h->digest = dump.written >= PAGE_SIZE ? csum_final(&all) : 0;
	h->elapsed_us = now_us();
	h->first_write_us = dump.t_first_write;
	h->tlb_flushes = mmu_stats.tlb_flushes;
	h->mmu_batches = mmu_stats.batches;
	h->pages_mapped = oldmem_pages_mapped();
	memcpy(h->capture_version, P2MDUMP_VERSION, sizeof(P2MDUMP_VERSION));
	memset(h->detail, 0, sizeof(h->detail));
	memcpy(h->detail, detail, strlen(detail) < sizeof(h->detail) - 1 ?
	       strlen(detail) : sizeof(h->detail) - 1);
	return write_buffer(0, h, PAGE_SIZE);
}

/* At most once a second: percent, MiB written, MiB/s since last time. */
static void progress(void)
{
	uint64_t t = now_us(), dt = t - dump.last_progress_us;

	if (dt < 1000000)
		return;
	printk("dump: %3llu%% %llu/%llu MiB, %llu MiB/s\n",
	       dump.written * 100 / dump.file_size, dump.written >> 20,
	       dump.file_size >> 20,
	       ((dump.written - dump.last_progress_bytes) >> 10) * 1000 /
	       (dt / 1000) >> 10);
	dump.last_progress_us = t;
	dump.last_progress_bytes = dump.written;
	/* A checkpoint: a reset from here on still leaves a readable dump. */
	write_header(DUMP_IN_PROGRESS, DUMP_REASON_NONE, "");
}

/* Fault injection for the incomplete-dump test: a read of an unmapped
 * address, caught by the trap handler like any real bug would be. */
static void maybe_fault(void)
{
	if (dump.fault_at && dump.written * 100 >= dump.fault_at * dump.file_size) {
		printk("dump: fault_at=%u: faulting on purpose at %llu bytes\n",
		       dump.fault_at, dump.written);
		(void)*(volatile uint32_t *)0x1000;
	}
}

/* Adds @len bytes of the piece at @maddr to the request and the digest:
 * our own frames go out as zeros, oldmem by machine address. */
static int add_piece(struct csum *c, uint64_t maddr, uint32_t len,
		     const uint8_t *mapped)
{
	uint32_t in_page = offset_in_page(maddr);

	if (mfn_to_pfn(maddr_to_mfn(maddr)) != PFN_INVALID) {
		csum_add_zeros(c, len / 4);
		return sg_add_buffer(&dump.data, dump.zero_page + in_page, len);
	}
	csum_add_words(c, (const uint32_t *)mapped, len / 4);
	return sg_add_maddr(&dump.data, maddr, len);
}

/* Pads the request with zeros up to the file's next page boundary. */
static int pad_to_page(struct csum *c, uint64_t *bytes_in_request)
{
	uint64_t end = dump.written + *bytes_in_request;
	uint32_t pad = (uint32_t)(page_round_up(end) - end);

	if (pad == 0)
		return 0;
	csum_add_zeros(c, pad / 4);
	*bytes_in_request += pad;
	return sg_add_buffer(&dump.data, dump.zero_page, pad);
}

/*
 * One request: [maddr, end) of a load, at most chunk_pages machine pages,
 * mapped as one batch for the digest and written zero-copy.  Each machine
 * page is at most one scatter entry, so the request always fits.  The
 * request's digest joins the dump's only once the disk has taken it.
 */
static int write_chunk(uint64_t maddr, uint64_t end, int last)
{
	uint64_t first = maddr_to_mfn(maddr), n = maddr_to_mfn(end - 1) - first + 1;
	const uint8_t *win = oldmem_map(first, (uint32_t)n);
	uint64_t cur = maddr, bytes = 0, zeroed = 0, pages = 0;
	struct csum c;

	csum_init(&c);
	dump.data.n = 0;
	while (cur < end) {
		uint64_t page_end = page_round_down(cur) + PAGE_SIZE;
		uint32_t len = (uint32_t)((page_end < end ? page_end : end) - cur);
		int ours = mfn_to_pfn(maddr_to_mfn(cur)) != PFN_INVALID;

		if (add_piece(&c, cur, len, win + (cur - mfn_to_maddr(first))) < 0)
			return -1;
		zeroed += ours;
		pages += !ours;
		bytes += len;
		cur += len;
	}
	if (last && pad_to_page(&c, &bytes) < 0)
		return -1;
	if (vblk_write(&dump.disk, DUMPDISK_VMCORE_OFFSET + dump.written,
		       &dump.data) < 0)
		return -1;
	csum_concat(&dump.body, &c, bytes / 4);
	dump.written += bytes;
	dump.pages_dumped += pages;
	dump.zero_pages += zeroed;
	return 0;
}

/* Chunks are chunk_pages pages of the file, so every request but a load's
 * last is a whole number of sectors whatever the load's alignment. */
static int write_load(const struct core_load *l)
{
	uint64_t maddr = l->maddr, end = l->maddr + l->filesz;

	if (l->filesz == 0)
		return 0;
	BUG_ON(dump.written != l->offset);
	while (maddr < end) {
		uint64_t next = maddr + (uint64_t)dump.chunk_pages * PAGE_SIZE;

		if (next > end)
			next = end;
		if (write_chunk(maddr, next, next == end) < 0)
			return -1;
		maddr = next;
		progress();
		maybe_fault();
	}
	return 0;
}

static void __attribute__((noreturn)) fail(const char *why)
{
	printk("dump: FAILED: %s\n", why);
	machine_exit(EXIT_DUMP_FAILED);
}

/* Rewrites the ELF headers to say only what is on disk, then the header. */
static void __attribute__((noreturn)) end_incomplete(uint32_t reason,
						     const char *detail)
{
	trap_set_fatal_hook((void (*)(void))0);
	/* A request may still be in flight: start the device afresh. */
	if (reason == DUMP_REASON_IO_ERROR &&
	    vblk_open(&dump.disk, dump.disk.dev.bdf) != (const char *)0)
		fail("disk write failed and the disk did not come back");
	vmcore_clip(&dump.core, dump.written);
	vmcore_write_headers(&dump.core, dump.elf_headers, PAGE_SIZE);
	if (dump.written >= PAGE_SIZE)
		write_buffer(DUMPDISK_VMCORE_OFFSET, dump.elf_headers, PAGE_SIZE);
	write_header(DUMP_INCOMPLETE, reason, detail);
	printk("dump: INCOMPLETE: %s: %llu of %llu bytes on disk\n", detail,
	       dump.written, dump.core.full_size);
	machine_exit(EXIT_DUMP_INCOMPLETE);
}

/* The trap handler's last act before a fatal exception resets us. */
static void on_fault(void)
{
	end_incomplete(DUMP_REASON_EXCEPTION, "exception in the capture kernel");
}

static uint32_t hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return (uint32_t)(c - '0');
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10) : 0x100;
}

/* disk=BB:DD.F from the loader, else the first virtio-blk function. */
static uint32_t pick_disk(void)
{
	const char *s = cmdline_str("disk");
	uint32_t bus, dev, fn;

	if (!s)
		return pci_find(PCI_VENDOR_VIRTIO, vblk_ids);
	bus = hex_digit(s[0]) << 4 | hex_digit(s[1]);
	dev = hex_digit(s[3]) << 4 | hex_digit(s[4]);
	fn = hex_digit(s[6]);
	if (s[2] != ':' || s[5] != '.' || bus > 255 || dev > 31 || fn > 7)
		fail("disk= wants a PCI address BB:DD.F");
	return PCI_BDF(bus, dev, fn);
}

/*
 * The digest and DMA work in 32-bit words: trim a load that starts or ends
 * off a word boundary inward (at most 3 bytes each side; real RAM ranges
 * are page-granular), so the headers describe exactly what is written.
 */
static void trim_loads(void)
{
	uint32_t i;

	for (i = 0; i < dump.core.nr_loads; i++) {
		struct core_load *l = &dump.core.loads[i];
		uint64_t head = (4 - (l->maddr & 3)) & 3;
		uint64_t size = l->size > head ? (l->size - head) & ~3ull : 0;

		if (head == 0 && size == l->size)
			continue;
		printk("dump: PT_LOAD %u at %llx trimmed to 4-byte bounds\n",
		       i, l->maddr);
		l->maddr += head;
		l->vaddr += head;
		l->size = l->filesz = size;
	}
}

static void merge_notes(void)
{
	struct notes_stats ns = { 0, 0, 0 };
	long size;

	size = notes_merge(&dump.core, oldmem_read, (void *)0,
			   pool_alloc(SCRATCH_PAGES), SCRATCH_PAGES * PAGE_SIZE,
			   dump.notes, NOTES_PAGES * PAGE_SIZE, &ns);
	if (size < 0)
		fail("merged notes do not fit in the notes buffer");
	printk("dump: %u note buffers: %u notes kept, %u empty, %u malformed\n",
	       dump.core.nr_notes, ns.kept, ns.empty_buffers, ns.malformed);
	vmcore_layout(&dump.core, (uint64_t)size);
}

static void open_disk(void)
{
	uint32_t bdf = pick_disk();
	const char *err;

	if (bdf == PCI_NONE)
		fail("no virtio-blk dump disk found");
	err = vblk_open(&dump.disk, bdf);
	if (err)
		fail(err);
	dump.data.max = dump.disk.seg_max < 256 ? dump.disk.seg_max : 256;
	dump.data.max_len = dump.disk.size_max;
	if (dump.data.max < 8)
		fail("dump disk takes too few segments per request");
	/* Room for one entry per page, an unaligned head and the padding. */
	dump.chunk_pages = dump.data.max - 2 < MAX_CHUNK_PAGES ?
			   dump.data.max - 2 : MAX_CHUNK_PAGES;
	printk("dump: disk %02x:%02x.%u, %llu MiB, vmcore %llu MiB\n",
	       bdf >> 8, (bdf >> 3) & 31, bdf & 7, dump.disk.capacity >> 20,
	       dump.core.full_size >> 20);
	if (dump.disk.capacity < DUMPDISK_VMCORE_OFFSET + 2 * PAGE_SIZE)
		fail("dump disk too small for even the ELF headers");
}

/* The ELF headers page and the merged notes, digest included. */
static void write_front(void)
{
	uint64_t notes_len = page_round_up(dump.core.notes_size);

	vmcore_write_headers(&dump.core, dump.elf_headers, PAGE_SIZE);
	if (write_buffer(DUMPDISK_VMCORE_OFFSET, dump.elf_headers, PAGE_SIZE) < 0)
		end_incomplete(DUMP_REASON_IO_ERROR, "disk write failed");
	dump.written = PAGE_SIZE;
	BUG_ON(dump.core.notes_offset != PAGE_SIZE || notes_len > NOTES_PAGES * PAGE_SIZE);
	if (notes_len == 0)
		return;
	csum_add_words(&dump.body, (const uint32_t *)dump.notes,
		       (uint32_t)notes_len / 4);
	if (write_buffer(DUMPDISK_VMCORE_OFFSET + PAGE_SIZE, dump.notes,
			 (uint32_t)notes_len) < 0)
		end_incomplete(DUMP_REASON_IO_ERROR, "disk write failed");
	dump.written += notes_len;
}

static void summary(void)
{
	uint64_t us = now_us(), flushes, batches, bytes = dump.written;

	flushes = mmu_stats.tlb_flushes - dump.mmu_before.tlb_flushes;
	batches = mmu_stats.batches - dump.mmu_before.batches;
	printk("dump: summary: %llu pages (%llu zeroed), %llu bytes, "
	       "%llu.%03llu s, %llu MiB/s, %llu pages mapped, %llu batches, "
	       "%llu TLB flushes, %llu TLB flushes/GiB\n",
	       dump.pages_dumped, dump.zero_pages, bytes, us / 1000000,
	       us / 1000 % 1000, us ? (bytes >> 10) * 1000 / (us / 1000 + 1) >> 10 : 0,
	       oldmem_pages_mapped(), batches, flushes,
	       bytes ? (flushes << 30) / bytes : 0);
}

void dump_run(const struct start_info *si)
{
	enum core_err cerr;
	uint32_t i;

	dump.mmu_before = mmu_stats;
	oldmem_set_batched(!cmdline_flag("nobatch"));
	cmdline_u32("fault_at", &dump.fault_at);
	cerr = elfcorehdr_parse(&dump.core, __va(pfn_to_paddr(si->elfcorehdr_pfn)),
				si->elfcorehdr_size);
	if (cerr != CORE_OK)
		fail(core_strerror(cerr));
	dump.hdr = pool_alloc(1);
	dump.elf_headers = pool_alloc(1);
	dump.zero_page = pool_alloc(1);
	dump.notes = pool_alloc(NOTES_PAGES);
	dump.data.e = pool_alloc(1);
	trim_loads();
	merge_notes();
	open_disk();
	dump.file_size = dump.core.full_size;
	if (dump.file_size > dump.disk.capacity - DUMPDISK_VMCORE_OFFSET)
		dump.file_size = vmcore_clip(&dump.core,
			page_round_down(dump.disk.capacity -
					DUMPDISK_VMCORE_OFFSET));
	trap_set_fatal_hook(on_fault);
	if (write_header(DUMP_IN_PROGRESS, DUMP_REASON_NONE, "") < 0)
		fail("cannot write the dump header");
	dump.t_first_write = now_us();
	dump.last_progress_us = dump.t_first_write;
	write_front();
	for (i = 0; i < dump.core.nr_loads; i++)
		if (write_load(&dump.core.loads[i]) < 0)
			end_incomplete(DUMP_REASON_IO_ERROR, "disk write failed");
	summary();
	if (dump.file_size < dump.core.full_size)
		end_incomplete(DUMP_REASON_DISK_FULL, "dump disk too small");
	trap_set_fatal_hook((void (*)(void))0);
	if (write_header(DUMP_COMPLETE, DUMP_REASON_NONE, "") < 0)
		fail("cannot write the final dump header");
	printk("dump: complete: %llu bytes of vmcore on disk\n", dump.written);
	machine_exit(EXIT_OK);
}
