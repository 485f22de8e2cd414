// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF vmcore (format=elf), as Linux's /proc/vmcore lays it out
 * (elfcore/vmcore.h): the ELF headers (as many pages as the loads need),
 * the merged notes, then every
 * PT_LOAD, 1 MiB per request, oldmem handed to the disk by machine
 * address (zero-copy) while the same pages are mapped in the window, one
 * batch per request, to digest them; our own frames are written as zeros.
 * A fault or a full disk rewrites the ELF headers to what is on disk.
 */
#include "dump_int.h"
#include "helpers.h"
#include "oldmem.h"
#include "pool.h"
#include "lib/bug.h"
#include "lib/csum.h"
#include "lib/pool_need.h"
#include "lib/printk.h"
#include "arch/i386/pgtable.h"
#include "arch/i386/timer.h"
#include "arch/i386/trap.h"

static struct {
	uint8_t *headers;		/* the ELF headers' pages (pool) */
	uint32_t headers_len;		/* their bytes: notes_offset */
	uint64_t file_size;		/* after clipping */
	struct csum body;		/* digest of everything after them */
} elf;

/* The digest: the ELF headers' pages followed by the body. */
static uint64_t elf_digest(void)
{
	struct csum all;
	uint32_t i;

	csum_init(&all);
	if (dump.written < elf.headers_len)
		return 0;
	for (i = 0; i < elf.headers_len; i += PAGE_SIZE)
		csum_add_page(&all, elf.headers + i, 0, 0);
	csum_concat(&all, &elf.body, (dump.written - elf.headers_len) / 4);
	return csum_final(&all);
}

/* Rewrites the ELF headers to say only what is on disk. */
static void elf_cut(void)
{
	vmcore_clip(&dump.core, dump.written);
	vmcore_write_headers(&dump.core, elf.headers, elf.headers_len);
	if (dump.written >= elf.headers_len)
		write_buffer(DUMPDISK_VMCORE_OFFSET, elf.headers, elf.headers_len);
}

/* The trap handler's last act before a fatal exception resets us. */
static void on_fault(void)
{
	end_incomplete(DUMP_REASON_EXCEPTION, "exception in the capture kernel");
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
	if (target_write(&dump.target, DUMPDISK_VMCORE_OFFSET + dump.written,
			 &dump.data) < 0)
		return -1;
	csum_concat(&elf.body, &c, bytes / 4);
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
		progress(dump.written, elf.file_size);
	}
	return 0;
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

/* The ELF headers' pages and the merged notes, digest included. */
static void write_front(void)
{
	uint64_t notes_len = page_round_up(dump.core.notes_size);

	vmcore_write_headers(&dump.core, elf.headers, elf.headers_len);
	if (write_buffer(DUMPDISK_VMCORE_OFFSET, elf.headers, elf.headers_len) < 0)
		end_incomplete(DUMP_REASON_IO_ERROR, "disk write failed");
	dump.written = elf.headers_len;
	if (notes_len == 0)
		return;
	csum_add_words(&elf.body, (const uint32_t *)dump.notes,
		       (uint32_t)notes_len / 4);
	if (write_buffer(DUMPDISK_VMCORE_OFFSET + elf.headers_len, dump.notes,
			 (uint32_t)notes_len) < 0)
		end_incomplete(DUMP_REASON_IO_ERROR, "disk write failed");
	dump.written += notes_len;
}

void dump_elf(void)
{
	uint64_t room = page_round_down(dump.target.bytes - DUMPDISK_VMCORE_OFFSET);
	uint32_t i;

	/* Nothing to compress: the helpers park. */
	helpers_park();
	dump.digest = elf_digest;
	dump.cut = elf_cut;
	trim_loads();
	vmcore_layout(&dump.core, dump.notes_size);
	elf.headers = pool_alloc(pool_elf_header_pages(dump.core.nr_loads));
	elf.headers_len = (uint32_t)dump.core.notes_offset;
	BUG_ON(elf.headers_len != pool_elf_header_pages(dump.core.nr_loads) *
	       PAGE_SIZE);
	if (room < elf.headers_len)
		fail("dump disk too small for even the vmcore's headers");
	dump.full_size = dump.core.full_size;
	elf.file_size = dump.full_size;
	printk("dump: elf format, vmcore %llu MiB\n", dump.full_size >> 20);
	if (elf.file_size > room)
		elf.file_size = vmcore_clip(&dump.core, room);
	trap_set_fatal_hook(on_fault);
	if (write_header(DUMP_IN_PROGRESS, DUMP_REASON_NONE, "") < 0)
		fail("cannot write the dump header");
	dump.t_first_write = now_us();
	dump.last_progress_us = dump.t_first_write;
	write_front();
	for (i = 0; i < dump.core.nr_loads; i++)
		if (write_load(&dump.core.loads[i]) < 0)
			end_incomplete(DUMP_REASON_IO_ERROR, "disk write failed");
	summary(dump.written);
	if (elf.file_size < dump.full_size)
		end_incomplete(DUMP_REASON_DISK_FULL, "dump disk too small");
	end_complete();
}
