// SPDX-License-Identifier: GPL-2.0
/*
 * filter_vmcore: runs filter/ on an ELF vmcore file, the way the capture
 * kernel runs it on oldmem, and compares the result with makedumpfile's.
 *
 *   filter_vmcore [-d LEVEL] [-w FRAMES] [-o BITMAP] [-c KDUMP] [-v] VMCORE
 *
 *   -d LEVEL   dump level, makedumpfile's -d (default 31)
 *   -w FRAMES  window size in frames (default 32768: 4 KiB of bitmap)
 *   -o BITMAP  write the dumpable bitmap (LSB first, bit = pfn) there
 *   -c KDUMP   compare with bitmap 2 of makedumpfile's kdump-compressed
 *              output of the same vmcore (a page it keeps and we drop is
 *              allowed only if the page is all zeroes)
 *   -v         list the first differing frames
 *
 * Prints "key value" lines (see main()); exit status 0, 1 on a usage or
 * file error, 2 if -c found a non-zero page makedumpfile keeps and we drop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <p2mdump/elf64.h>
#include "filter/filter.h"
#include "kdump_file.h"

#define MAX_LOADS	128

struct vmcore_file {
	int fd;
	uint32_t nr_loads;
	struct ram_range ram[MAX_LOADS];
	uint64_t offset[MAX_LOADS];		/* file offset of each load */
	uint8_t *notes;
	uint32_t notes_size;
	uint64_t reads;
};

/* The read callback: @len bytes at @maddr from the loads that hold them. */
static int vmcore_read(void *ctx, uint64_t maddr, void *dst, uint32_t len)
{
	struct vmcore_file *v = ctx;
	uint8_t *p = dst;
	uint32_t i, n;

	v->reads++;
	while (len) {
		for (i = 0; i < v->nr_loads; i++)
			if (maddr >= v->ram[i].start && maddr < v->ram[i].end)
				break;
		if (i == v->nr_loads)
			return -1;
		n = v->ram[i].end - maddr < len ? (uint32_t)(v->ram[i].end - maddr) : len;
		if (pread(v->fd, p, n, (off_t)(v->offset[i] + maddr - v->ram[i].start)) != (ssize_t)n)
			return -1;
		p += n;
		maddr += n;
		len -= n;
	}
	return 0;
}

/* Opens @path: ELF64 core, its PT_LOADs and its PT_NOTE; 0 or -1. */
static int vmcore_open(struct vmcore_file *v, const char *path)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	uint32_t i;

	memset(v, 0, sizeof(*v));
	v->fd = open(path, O_RDONLY);
	if (v->fd < 0 || pread(v->fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, "\177ELF\2\1", 6) || eh.e_type != ET_CORE ||
	    eh.e_phentsize != sizeof(ph)) {
		fprintf(stderr, "filter_vmcore: %s: not an ELF64 core\n", path);
		return -1;
	}
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(v->fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) != sizeof(ph))
			return -1;
		if (ph.p_type == PT_NOTE && !v->notes && ph.p_filesz < (1u << 24)) {
			v->notes_size = (uint32_t)ph.p_filesz;
			v->notes = malloc(v->notes_size);
			if (!v->notes || pread(v->fd, v->notes, v->notes_size,
					       (off_t)ph.p_offset) != (ssize_t)v->notes_size)
				return -1;
		} else if (ph.p_type == PT_LOAD && ph.p_filesz && v->nr_loads < MAX_LOADS) {
			v->ram[v->nr_loads] = (struct ram_range){ ph.p_paddr, ph.p_paddr + ph.p_filesz };
			v->offset[v->nr_loads++] = ph.p_offset;
		}
	}
	if (!v->notes || !v->nr_loads) {
		fprintf(stderr, "filter_vmcore: %s: no PT_NOTE or no PT_LOAD\n", path);
		return -1;
	}
	return 0;
}

/* True if frame @mfn of the vmcore reads as all zeroes. */
static int zero_page(struct vmcore_file *v, uint64_t mfn)
{
	uint8_t buf[PAGE_SIZE];
	uint32_t i;

	if (vmcore_read(v, mfn << PAGE_SHIFT, buf, PAGE_SIZE))
		return 0;
	for (i = 0; i < PAGE_SIZE; i++)
		if (buf[i])
			return 0;
	return 1;
}

static int bit(const uint8_t *map, uint64_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}

struct opts {
	unsigned int level;
	uint32_t window;
	const char *out, *kdump, *vmcore;
	int verbose;
};

/* Runs the filter over every frame, window by window, into @bitmap. */
static uint64_t run(struct filter *f, uint64_t frames, uint32_t window,
		    uint8_t *bitmap)
{
	uint64_t start, kept = 0;
	uint32_t n;

	for (start = 0; start < frames; start += window) {
		n = frames - start < window ? (uint32_t)(frames - start) : window;
		/* window is a multiple of 8: each window starts on a byte */
		kept += filter_window(f, start, n, bitmap + (start >> 3));
	}
	return kept;
}

static void print_stats(const struct filter *f)
{
	uint32_t c;

	printf("ram %llu\nkept %llu\n", (unsigned long long)f->st.ram,
	       (unsigned long long)f->st.kept);
	for (c = 1; c < PAGE_NR_CLASSES; c++)
		printf("excluded_%s %llu\n", page_class_name(c),
		       (unsigned long long)f->st.excluded[c]);
	printf("kept_no_memmap %llu\nkept_bad_section %llu\nkept_unreadable %llu\n",
	       (unsigned long long)f->st.no_memmap,
	       (unsigned long long)f->st.bad_section,
	       (unsigned long long)f->st.unreadable);
	printf("bad_pgtable_entries %llu\npgtable_walks %llu\n",
	       (unsigned long long)filter_bad_entries(f),
	       (unsigned long long)f->pt.stats.walks);
	for (c = 1; c < PGT_NR_ERR; c++)
		if (f->pt.stats.err[c])
			printf("  pgtable %s: %llu\n", pgt_strerror(c),
			       (unsigned long long)f->pt.stats.err[c]);
	printf("rules 0x%x\nsections_read %llu\n", f->pl.rules,
	       (unsigned long long)f->ms.lookups);
}

/* Compares @ours with the kdump file's bitmap 2; 0, 2 on a real drop, 1 on error. */
static int compare(struct vmcore_file *v, const struct opts *o,
		   const uint8_t *ours, uint64_t frames)
{
	struct kdump_file *k = kdump_file_open(o->kdump);
	uint64_t i, md_ram = 0, md_kept = 0, dropped = 0, dropped_zero = 0;
	uint64_t extra = 0, shown = 0;
	int z;

	if (!k)
		return 1;
	for (i = 0; i < k->max_mapnr; i++) {
		int theirs = bit(k->bitmap2, i), us = i < frames && bit(ours, i);

		md_ram += bit(k->bitmap1, i);
		md_kept += theirs;
		if (theirs && !us) {
			z = zero_page(v, i);
			dropped_zero += z;
			dropped += !z;
		}
		extra += us && !theirs;
		if (o->verbose && theirs != us && shown++ < 40)
			printf("  differ pfn 0x%llx: makedumpfile %d, us %d\n",
			       (unsigned long long)i, theirs, us);
	}
	for (; i < frames; i++)
		extra += bit(ours, i);
	printf("md_max_mapnr %llu\nmd_ram %llu\nmd_kept %llu\n",
	       (unsigned long long)k->max_mapnr, (unsigned long long)md_ram,
	       (unsigned long long)md_kept);
	printf("dropped_by_us_kept_by_md %llu\ndropped_by_us_kept_by_md_zero %llu\n",
	       (unsigned long long)dropped, (unsigned long long)dropped_zero);
	printf("kept_by_us_dropped_by_md %llu\nextra_permille %llu\n",
	       (unsigned long long)extra,
	       (unsigned long long)(md_kept ? extra * 1000 / md_kept : 0));
	kdump_file_close(k);
	return dropped ? 2 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: filter_vmcore [-d LEVEL] [-w FRAMES] [-o BITMAP] "
		"[-c KDUMP] [-v] VMCORE\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct opts o = { .level = DL_MAX, .window = 32768 };
	struct vmcore_file v;
	struct vmcoreinfo vi;
	struct filter *f;
	const char *why;
	uint64_t frames, kept;
	uint8_t *bitmap;
	FILE *out;
	int c;

	while ((c = getopt(argc, argv, "d:w:o:c:v")) != -1) {
		switch (c) {
		case 'd': o.level = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'w': o.window = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'o': o.out = optarg; break;
		case 'c': o.kdump = optarg; break;
		case 'v': o.verbose = 1; break;
		default: return usage();
		}
	}
	if (optind != argc - 1 || o.level > DL_MAX || !o.window || o.window % 8)
		return usage();
	o.vmcore = argv[optind];
	if (vmcore_open(&v, o.vmcore))
		return 1;
	if (vmcoreinfo_find(&vi, v.notes, v.notes_size)) {
		fprintf(stderr, "filter_vmcore: no VMCOREINFO note\n");
		return 1;
	}
	f = malloc(sizeof(*f));
	if (!f)
		return 1;
	why = filter_init(f, &vi, v.ram, v.nr_loads, vmcore_read, &v, o.level);
	printf("filter %s%s\nlevel %u\nwindow %u\nfilter_bytes %zu\n",
	       why ? "off: " : "on", why ? why : "", o.level, o.window, sizeof(*f));
	frames = ram_end_mfn(&f->ram);
	bitmap = calloc(1, (frames + 7) / 8 + 1);
	if (!bitmap)
		return 1;
	kept = run(f, frames, o.window, bitmap);
	printf("frames %llu\nreads %llu\n", (unsigned long long)frames,
	       (unsigned long long)v.reads);
	print_stats(f);
	if (kept != f->st.kept)
		printf("error: filter_window returned %llu bits\n", (unsigned long long)kept);
	if (o.out) {
		out = fopen(o.out, "wb");
		if (!out || fwrite(bitmap, 1, (frames + 7) / 8, out) != (frames + 7) / 8 ||
		    fclose(out)) {
			fprintf(stderr, "filter_vmcore: %s: %s\n", o.out, strerror(errno));
			return 1;
		}
	}
	return o.kdump ? compare(&v, &o, bitmap, frames) : 0;
}
