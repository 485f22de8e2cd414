// SPDX-License-Identifier: GPL-2.0
/*
 * elf2kdump: rewrites an ELF vmcore as a kdump-compressed file with the
 * code the capture kernel runs (kdump/, elfcore/vmcoreinfo.c,
 * lib/compress.c), so crash and makedumpfile can check the format on a
 * real kernel's memory without a panic.
 *
 *   elf2kdump [-c lzo|zlib|none] [-l LIMIT_BYTES] VMCORE OUT
 *
 * Prints "pages ram R dumpable D zero Z compressed C raw W bytes B
 * status S digest X"; exit 0 complete, 3 incomplete (a limit), 1 error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <p2mdump/elf64.h>
#include "elfcore/vmcoreinfo.h"
#include "kdump/pages.h"
#include "kdump/params.h"
#include "lib/compress.h"

#define BS		KDUMP_BLOCK_SIZE
#define DATA_BLOCKS	64

struct input {
	const uint8_t *file;
	uint64_t size;
	struct core_desc d;
	struct core_load loads[CORE_MAX_LOADS];	/* d's room */
	uint64_t file_off[CORE_MAX_LOADS];	/* of each PT_LOAD's bytes */
	const uint8_t *notes;
	uint32_t notes_size;
	uint8_t run[KDUMP_MAP_RUN * BS];
	struct compressor comp;
};

static void die(const char *msg)
{
	fprintf(stderr, "elf2kdump: %s\n", msg);
	exit(1);
}

/* Reads the ELF vmcore's PT_NOTE and PT_LOADs (p_paddr = machine address). */
static void parse(struct input *in)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	uint32_t i;

	in->d.loads = in->loads;
	in->d.max_loads = CORE_MAX_LOADS;
	if (in->size < sizeof(eh))
		die("not an ELF vmcore (too short)");
	memcpy(&eh, in->file, sizeof(eh));
	if (memcmp(eh.e_ident, "\177ELF", 4) || eh.e_ident[4] != 2 ||
	    eh.e_phentsize != sizeof(ph) ||
	    eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(ph) > in->size)
		die("not an ELF64 vmcore");
	for (i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, in->file + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_offset + ph.p_filesz > in->size)
			die("a program header points past the file");
		if (ph.p_type == PT_NOTE && !in->notes) {
			in->notes = in->file + ph.p_offset;
			in->notes_size = (uint32_t)ph.p_filesz;
		} else if (ph.p_type == PT_LOAD && ph.p_filesz) {
			struct core_load *l = &in->d.loads[in->d.nr_loads];

			if (in->d.nr_loads == CORE_MAX_LOADS)
				die("too many PT_LOADs");
			l->maddr = ph.p_paddr;
			l->vaddr = ph.p_vaddr;
			l->size = ph.p_filesz;
			in->file_off[in->d.nr_loads++] = ph.p_offset;
		}
	}
	if (!in->notes || !in->d.nr_loads)
		die("no PT_NOTE or no PT_LOAD");
}

/* Copies frames [mfn, mfn + nr) out of the file, zeros where no load is. */
static const uint8_t *map(void *ctx, uint64_t mfn, uint32_t nr)
{
	struct input *in = ctx;
	uint64_t start = mfn * BS, end = start + (uint64_t)nr * BS, lo, hi;
	uint32_t k;

	memset(in->run, 0, (size_t)nr * BS);
	for (k = 0; k < in->d.nr_loads; k++) {
		const struct core_load *l = &in->d.loads[k];

		lo = l->maddr > start ? l->maddr : start;
		hi = l->maddr + l->size < end ? l->maddr + l->size : end;
		if (lo < hi)
			memcpy(in->run + (lo - start),
			       in->file + in->file_off[k] + (lo - l->maddr), hi - lo);
	}
	return in->run;
}

static const uint8_t *compress(void *cctx, const uint8_t *page, uint32_t *size)
{
	struct compressor *comp = cctx;

	*size = (uint32_t)compress_page(comp, page, BS);
	return *size ? comp->out : NULL;
}

static int out_fd;

static int sink_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	(void)ctx;
	return pwrite(out_fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -1;
}

static int sink_zero(void *ctx, uint64_t off, uint64_t len)
{
	static const uint8_t zero[BS];

	for (; len; len -= BS, off += BS)
		if (sink_write(ctx, off, zero, BS))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t work[KDUMP_WORK_BLOCKS(DATA_BLOCKS) * BS];
	static uint8_t scratch[KDUMP_PAGES_SCRATCH_BLOCKS * BS];
	static uint8_t comp_out[2 * BS];
	enum compress_method m = COMPRESS_LZO1X_1;
	static struct input in;
	struct kdump_sink sink = { NULL, sink_write, sink_zero };
	struct kdump_source src = { .ctx = &in, .map = map };
	struct kdump_params p;
	struct kdump_counts c;
	struct kdump_writer w;
	uint64_t limit = ~0ull;
	uint32_t comp = KDUMP_LZO;
	enum kdump_result r;
	struct stat st;
	int opt, fd;

	while ((opt = getopt(argc, argv, "c:l:")) != -1) {
		if (opt == 'c' && !strcmp(optarg, "none")) {
			comp = 0;
		} else if (opt == 'c' && !strcmp(optarg, "zlib")) {
			comp = KDUMP_ZLIB;
			m = COMPRESS_ZLIB;
		} else if (opt == 'c' && strcmp(optarg, "lzo")) {
			die("-c takes lzo, zlib or none");
		} else if (opt == 'l') {
			limit = strtoull(optarg, NULL, 0);
		} else if (opt != 'c') {
			die("usage: elf2kdump [-c lzo|zlib|none] [-l LIMIT] VMCORE OUT");
		}
	}
	if (argc - optind != 2)
		die("usage: elf2kdump [-c lzo|zlib|none] [-l LIMIT] VMCORE OUT");
	fd = open(argv[optind], O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		die(strerror(errno));
	in.size = (uint64_t)st.st_size;
	in.file = mmap(NULL, in.size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (in.file == MAP_FAILED)
		die(strerror(errno));
	parse(&in);
	if (comp) {
		size_t work_size = compress_work_size(m);

		if (compress_init(&in.comp, m, malloc(work_size), work_size,
				  comp_out, sizeof(comp_out)))
			die("compress_init failed");
		src.compress = compress;
		src.cctx = &in.comp;
		src.compression = comp;
	}
	out_fd = open(argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out_fd < 0)
		die(strerror(errno));
	kdump_params_from_notes(&p, &in.d, in.notes, in.notes_size);
	p.dump_level = 1;		/* zero pages only: no filter yet */
	p.compression = comp;
	kdump_count(&in.d, &src, scratch, &c);
	p.nr_dumpable = c.dumpable;
	r = kdump_begin(&w, &p, &sink, limit, work, DATA_BLOCKS);
	if (r == KDUMP_OK)
		kdump_write_pages(&w, &in.d, &src, scratch, &c);
	r = kdump_finish(&w);
	if (r == KDUMP_IO_ERROR)
		die("write error");
	if (ftruncate(out_fd, (off_t)w.data_end) || close(out_fd))
		die(strerror(errno));
	printf("pages ram %llu dumpable %llu zero %llu compressed %llu raw %llu "
	       "bytes %llu status %s digest %#llx\n",
	       (unsigned long long)c.ram, (unsigned long long)c.dumpable,
	       (unsigned long long)c.zero, (unsigned long long)c.compressed,
	       (unsigned long long)c.raw, (unsigned long long)w.data_end,
	       r == KDUMP_OK ? "complete" : "incomplete",
	       (unsigned long long)kdump_digest(&w));
	return r == KDUMP_OK ? 0 : 3;
}
