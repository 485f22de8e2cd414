// SPDX-License-Identifier: GPL-2.0
/*
 * mkdumpdisk: fake dump disks and synthetic vmcores for the tests of
 * `p2mdump save` (tests/host/t_save.sh) and check_vmcore
 * (tests/host/t_check_vmcore.sh).  Not a test itself.
 *
 *   mkdumpdisk vmcore OUT SEED
 *	A small ELF64 vmcore laid out like the capture kernel's: OUT, its
 *	capture-frame list OUT.frames and its notes OUT.notes.  Pages at
 *	or above FILL_START hold pattern_word() or, for capture frames,
 *	zeros; pages below it hold seeded garbage.  Prints the layout.
 *
 *   mkdumpdisk disk OUT VMCORE [OPTIONS]
 *	A dump disk image: a struct dumpdisk_header, then VMCORE at 4096,
 *	then junk bytes (0xee) to the end of the disk.  OPTIONS (numbers in
 *	C syntax) override the header: --state complete|incomplete|
 *	in-progress|armed|cleared|N, --reason N, --detail TEXT,
 *	--vmcore-size N, --full-size N, --disk-size N (the image's size),
 *	--bad-digest, --version N, --header-size N, --vmcore-offset N,
 *	--magic TEXT, --capture-version TEXT, --nonce N, --crash-time N,
 *	--load-time N, --saved-time N; --bad-crc (the CRC of another
 *	header), --v1 (a version 1 header: 280 bytes, no CRC).  The
 *	default is a version 2 header with DEFAULT_NONCE, DEFAULT_CRASH and
 *	(armed) DEFAULT_LOAD, its CRC computed after every option.
 *
 *   mkdumpdisk junk OUT BYTES SEED
 *	BYTES seeded random bytes: a disk that holds something else.
 *
 * Exits 0, or 2 with "mkdumpdisk: ..." on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <p2mdump/dumpdisk.h>
#include <p2mdump/elf64.h>
#include "tests/unit/rng.h"
#include "tests/guest/pattern.h"
#include "lib/crc32.h"
#include "lib/csum.h"

#define PAGE		4096u
#define FILL_START	0x100000ull
#define NOTES_CAP	PAGE
#define JUNK		0xee
#define DEFAULT_NONCE	0x1122334455667788ull
#define DEFAULT_CRASH	1764654116ull	/* 2025-12-02 05:41:56 UTC */
#define DEFAULT_LOAD	1764650000ull	/* 2025-12-02 04:33:20 UTC */

typedef unsigned long long ull;

/* The synthetic vmcore's PT_LOADs: machine address, pages in memory and
 * pages in the file. */
static const struct synth_load {
	uint64_t maddr, mem_pages, file_pages;
} loads[] = {
	{ 0x80000, 256, 256 },		/* straddles FILL_START */
	{ 0x140000000ull, 256, 256 },	/* above 4 GiB, capture frames */
	{ 0x7ff00000, 128, 32 },	/* clipped: filesz < memsz */
};

#define NR_LOADS	(sizeof(loads) / sizeof(loads[0]))

/* Frames the "capture kernel" used: written as zeros.  0x90 is below
 * FILL_START and 0x99999 in no load; both must be harmless. */
static const uint64_t single_frames[] = {
	0x90, 0x120, 0x121, 0x150, 0x140005, 0x1400a0, 0x1400ff, 0x99999,
};
#define RUN_START	0x140040ull	/* and a run of 64 frames */
#define RUN_LEN		64

/* Prints "mkdumpdisk: <message>" and exits 2. */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkdumpdisk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* A C number from @s, or exits. */
static uint64_t number(const char *what, const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		die("%s: not a number: '%s'", what, s);
	return v;
}

/* malloc that exits on failure. */
static void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

/* Writes @len bytes of @buf to a new file @path, or exits. */
static void write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		die("cannot create %s: %s", path, strerror(errno));
	if (fwrite(buf, 1, len, f) != len || fclose(f))
		die("cannot write %s", path);
}

/* Writes @len bytes at @off of @fd, or exits. */
static void write_at(int fd, const void *buf, size_t len, uint64_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, buf, len, (off_t)off);

		if (n <= 0)
			die("write failed: %s", strerror(errno));
		buf = (const char *)buf + n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
}

/* True if @mfn is one of the synthetic capture frames. */
static bool is_capture_frame(uint64_t mfn)
{
	size_t i;

	if (mfn >= RUN_START && mfn < RUN_START + RUN_LEN)
		return true;
	for (i = 0; i < sizeof(single_frames) / sizeof(single_frames[0]); i++)
		if (single_frames[i] == mfn)
			return true;
	return false;
}

/* Appends one ELF note at @buf + *len. */
static void add_note(uint8_t *buf, size_t *len, const char *name,
		     uint32_t type, const void *desc, uint32_t descsz)
{
	struct elf64_nhdr nh = {
		.n_namesz = (uint32_t)strlen(name) + 1,
		.n_descsz = descsz,
		.n_type = type,
	};
	size_t need = sizeof(nh) + ((nh.n_namesz + 3) & ~3u) +
		      ((descsz + 3) & ~3u);

	if (*len + need > NOTES_CAP)
		die("notes overflow");
	memcpy(buf + *len, &nh, sizeof(nh));
	*len += sizeof(nh);
	memcpy(buf + *len, name, nh.n_namesz);
	*len += (nh.n_namesz + 3) & ~3u;
	memcpy(buf + *len, desc, descsz);
	*len += (descsz + 3) & ~3u;
}

/* Builds the notes of the synthetic vmcore into @buf; returns the size. */
static size_t make_notes(uint8_t *buf, struct rng *r, uint64_t seed)
{
	uint8_t prstatus[336];
	char info[128];
	size_t len = 0, i;

	for (i = 0; i < sizeof(prstatus); i++)
		prstatus[i] = (uint8_t)rng_next(r);
	add_note(buf, &len, "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus));
	snprintf(info, sizeof(info),
		 "OSRELEASE=p2mdump-test\nPAGESIZE=4096\nSEED=%llu\n",
		 (ull)seed);
	add_note(buf, &len, "VMCOREINFO", 0, info, (uint32_t)strlen(info));
	return len;
}

/* Fills one page of the synthetic vmcore at machine address @maddr and
 * counts it in @checked / @zero. */
static void fill_page(uint8_t *page, uint64_t maddr, uint64_t seed,
		      struct rng *r, uint64_t *checked, uint64_t *zero)
{
	uint64_t w;
	unsigned int i;

	if (is_capture_frame(maddr / PAGE)) {
		memset(page, 0, PAGE);
	} else if (maddr < FILL_START) {
		for (i = 0; i < PAGE; i += 8) {
			w = rng_next(r);
			memcpy(page + i, &w, 8);
		}
	} else {
		for (i = 0; i < PAGE; i += 8) {
			w = pattern_word(maddr + i, seed);
			memcpy(page + i, &w, 8);
		}
	}
	if (maddr >= FILL_START) {
		(*checked)++;
		*zero += is_capture_frame(maddr / PAGE);
	}
}

/* Writes OUT.frames: every capture frame, one hex mfn a line. */
static void write_frames(const char *out)
{
	char path[4096];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s.frames", out);
	f = fopen(path, "w");
	if (!f)
		die("cannot create %s: %s", path, strerror(errno));
	for (i = 0; i < sizeof(single_frames) / sizeof(single_frames[0]); i++)
		fprintf(f, "%llx\n", (ull)single_frames[i]);
	for (i = 0; i < RUN_LEN; i++)
		fprintf(f, "0x%llx\n", (ull)(RUN_START + i));
	if (fclose(f))
		die("cannot write %s", path);
}

/* `mkdumpdisk vmcore OUT SEED`. */
static int make_vmcore(const char *out, uint64_t seed)
{
	struct elf64_ehdr eh = { .e_ident = { ELF_MAGIC0, 'E', 'L', 'F',
				 ELFCLASS64, ELFDATA2LSB, EV_CURRENT } };
	struct elf64_phdr ph[1 + NR_LOADS];
	uint64_t off, size, checked = 0, zero = 0, p;
	uint8_t *img, notes[NOTES_CAP];
	size_t notes_size, i;
	char path[4096];
	struct rng r;

	rng_init(&r, seed);
	notes_size = make_notes(notes, &r, seed);
	memset(ph, 0, sizeof(ph));
	ph[0].p_type = PT_NOTE;
	ph[0].p_offset = PAGE;
	ph[0].p_filesz = ph[0].p_memsz = notes_size;
	off = 2 * PAGE;
	for (i = 0; i < NR_LOADS; i++) {
		ph[1 + i] = (struct elf64_phdr) {
			.p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X,
			.p_offset = off,
			.p_vaddr = 0xffff888000000000ull + loads[i].maddr,
			.p_paddr = loads[i].maddr,
			.p_filesz = loads[i].file_pages * PAGE,
			.p_memsz = loads[i].mem_pages * PAGE,
			.p_align = PAGE,
		};
		off += loads[i].file_pages * PAGE;
	}
	size = off;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(ph[0]);
	eh.e_phnum = 1 + NR_LOADS;

	img = xzalloc(size);
	memcpy(img, &eh, sizeof(eh));
	memcpy(img + sizeof(eh), ph, sizeof(ph));
	memcpy(img + PAGE, notes, notes_size);
	for (i = 0; i < NR_LOADS; i++)
		for (p = 0; p < loads[i].file_pages; p++)
			fill_page(img + ph[1 + i].p_offset + p * PAGE,
				  loads[i].maddr + p * PAGE, seed, &r,
				  &checked, &zero);
	write_file(out, img, size);
	snprintf(path, sizeof(path), "%s.notes", out);
	write_file(path, notes, notes_size);
	write_frames(out);
	free(img);

	printf("fill_start 0x%llx\n", FILL_START);
	printf("notes %llu %zu\n", (ull)ph[0].p_offset, notes_size);
	for (i = 0; i < NR_LOADS; i++)
		printf("load %zu %llu 0x%llx %llu %llu\n", i,
		       (ull)ph[1 + i].p_offset, (ull)ph[1 + i].p_paddr,
		       (ull)ph[1 + i].p_filesz, (ull)ph[1 + i].p_memsz);
	printf("size %llu\n", (ull)size);
	printf("pages_checked %llu pattern %llu zero %llu\n", (ull)checked,
	       (ull)(checked - zero), (ull)zero);
	return 0;
}

/* `mkdumpdisk junk OUT BYTES SEED`. */
static int make_junk(const char *out, uint64_t bytes, uint64_t seed)
{
	uint8_t *buf = xzalloc(bytes);
	struct rng r;
	uint64_t i;

	rng_init(&r, seed);
	for (i = 0; i < bytes; i++)
		buf[i] = (uint8_t)rng_next(&r);
	write_file(out, buf, bytes);
	free(buf);
	return 0;
}

/* The options of `mkdumpdisk disk`. */
struct disk_opts {
	struct dumpdisk_header h;
	bool has_reason, has_size, has_full, has_disk, has_load;
	bool bad_digest, bad_crc, v1;
	uint64_t disk_size;
};

/* Reads the whole of @path; sets *len. */
static uint8_t *read_file(const char *path, uint64_t *len)
{
	struct stat st;
	uint8_t *buf;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st) < 0)
		die("cannot open %s: %s", path, strerror(errno));
	buf = xzalloc((size_t)st.st_size);
	if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		die("cannot read %s", path);
	fclose(f);
	*len = (uint64_t)st.st_size;
	return buf;
}

/* Parses the options of `mkdumpdisk disk` into @o. */
static void parse_disk_opts(int argc, char **argv, struct disk_opts *o)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "reason", required_argument, NULL, 'r' },
		{ "detail", required_argument, NULL, 'd' },
		{ "vmcore-size", required_argument, NULL, 'S' },
		{ "full-size", required_argument, NULL, 'F' },
		{ "disk-size", required_argument, NULL, 'D' },
		{ "bad-digest", no_argument, NULL, 'b' },
		{ "version", required_argument, NULL, 'v' },
		{ "header-size", required_argument, NULL, 'H' },
		{ "vmcore-offset", required_argument, NULL, 'o' },
		{ "magic", required_argument, NULL, 'm' },
		{ "capture-version", required_argument, NULL, 'c' },
		{ "nonce", required_argument, NULL, 'n' },
		{ "crash-time", required_argument, NULL, 't' },
		{ "load-time", required_argument, NULL, 'l' },
		{ "saved-time", required_argument, NULL, 'T' },
		{ "bad-crc", no_argument, NULL, 'C' },
		{ "v1", no_argument, NULL, '1' },
		{ NULL, 0, NULL, 0 },
	};
	struct dumpdisk_header *h = &o->h;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!strcmp(optarg, "complete"))
				h->state = DUMP_COMPLETE;
			else if (!strcmp(optarg, "incomplete"))
				h->state = DUMP_INCOMPLETE;
			else if (!strcmp(optarg, "in-progress"))
				h->state = DUMP_IN_PROGRESS;
			else if (!strcmp(optarg, "armed"))
				h->state = DUMP_ARMED;
			else if (!strcmp(optarg, "cleared"))
				h->state = DUMP_CLEARED;
			else
				h->state = (uint32_t)number("--state", optarg);
			break;
		case 'r':
			h->reason = (uint32_t)number("--reason", optarg);
			o->has_reason = true;
			break;
		case 'd':
			strncpy(h->detail, optarg, sizeof(h->detail) - 1);
			break;
		case 'S':
			h->vmcore_size = number("--vmcore-size", optarg);
			o->has_size = true;
			break;
		case 'F':
			h->vmcore_full_size = number("--full-size", optarg);
			o->has_full = true;
			break;
		case 'D':
			o->disk_size = number("--disk-size", optarg);
			o->has_disk = true;
			break;
		case 'b':
			o->bad_digest = true;
			break;
		case 'v':
			h->version = (uint32_t)number("--version", optarg);
			break;
		case 'H':
			h->header_size = (uint32_t)number("--header-size",
							  optarg);
			break;
		case 'o':
			h->vmcore_offset = number("--vmcore-offset", optarg);
			break;
		case 'm':
			memset(h->magic, 0, sizeof(h->magic));
			memcpy(h->magic, optarg, strnlen(optarg, 8));
			break;
		case 'c':
			strncpy(h->capture_version, optarg,
				sizeof(h->capture_version) - 1);
			break;
		case 'n':
			h->nonce = number("--nonce", optarg);
			break;
		case 't':
			h->crash_time = number("--crash-time", optarg);
			break;
		case 'l':
			h->load_time = number("--load-time", optarg);
			o->has_load = true;
			break;
		case 'T':
			h->saved_time = number("--saved-time", optarg);
			break;
		case 'C':
			o->bad_crc = true;
			break;
		case '1':
			o->v1 = true;
			h->version = 1;
			h->header_size = DUMPDISK_V1_SIZE;
			break;
		default:
			die("disk: bad option");
		}
	}
}

/* Fills the header fields the options left to their defaults. */
static void complete_header(struct disk_opts *o, const uint8_t *core,
			    uint64_t core_len)
{
	struct dumpdisk_header *h = &o->h;
	uint64_t n, summed;
	struct csum c;

	if (!o->has_reason && h->state == DUMP_INCOMPLETE)
		h->reason = DUMP_REASON_DISK_FULL;
	if (!o->has_full)
		h->vmcore_full_size = core_len;
	if (h->state == DUMP_ARMED && !o->has_full)
		h->vmcore_full_size = 0;
	if (h->state == DUMP_ARMED && !o->has_load)
		h->load_time = DEFAULT_LOAD;
	if (!o->has_size)
		h->vmcore_size = h->state == DUMP_COMPLETE ? core_len :
				 h->state == DUMP_ARMED ? 0 :
				 (core_len / 2) & ~(uint64_t)(PAGE - 1);
	if (!o->has_disk)
		o->disk_size = DUMPDISK_VMCORE_OFFSET +
			       (h->state == DUMP_INCOMPLETE &&
				h->reason == DUMP_REASON_DISK_FULL ?
				h->vmcore_size : core_len + 65536);
	h->disk_size = o->disk_size;
	summed = h->vmcore_size < core_len ? h->vmcore_size : core_len;
	csum_init(&c);
	for (n = 0; n + PAGE <= summed; n += PAGE) {
		csum_add_page(&c, core + n, 0, 0);
		if (core[n] == 0 && !memcmp(core + n, core + n + 1, PAGE - 1))
			h->zero_pages++;
		else
			h->pages_dumped++;
	}
	h->digest = h->state == DUMP_IN_PROGRESS || h->state == DUMP_ARMED ?
		    0 : csum_final(&c);
	if (o->bad_digest)
		h->digest ^= 1;
	h->elapsed_us = 1234567;
	h->first_write_us = 2345;
	h->tlb_flushes = 17;
	h->mmu_batches = 42;
	h->pages_mapped = 4096;
	if (o->v1) {		/* version 1 ends before the nonce */
		memset((uint8_t *)h + DUMPDISK_V1_SIZE, 0,
		       sizeof(*h) - DUMPDISK_V1_SIZE);
		return;
	}
	h->header_crc = dumpdisk_header_crc(h) ^ (o->bad_crc ? 1 : 0);
}

/* Writes @len bytes at @off, clipped to the disk's @size. */
static void write_clipped(int fd, const void *buf, uint64_t len, uint64_t off,
			  uint64_t size)
{
	if (off >= size)
		return;
	if (len > size - off)
		len = size - off;
	write_at(fd, buf, (size_t)len, off);
}

/* `mkdumpdisk disk OUT VMCORE [OPTIONS]`. */
static int make_disk(int argc, char **argv)
{
	struct disk_opts o = { .h = {
		.version = DUMPDISK_VERSION,
		.header_size = sizeof(struct dumpdisk_header),
		.state = DUMP_COMPLETE,
		.vmcore_offset = DUMPDISK_VMCORE_OFFSET,
		.capture_version = "p2mdump-capture test",
		.nonce = DEFAULT_NONCE,
		.crash_time = DEFAULT_CRASH,
	} };
	uint8_t block[PAGE] = { 0 }, junk[PAGE];
	uint64_t core_len, written, off;
	uint8_t *core;
	int fd;

	memcpy(o.h.magic, DUMPDISK_MAGIC, sizeof(o.h.magic));
	parse_disk_opts(argc, argv, &o);
	if (argc - optind != 2)
		die("usage: mkdumpdisk disk OUT VMCORE [OPTIONS]");
	core = read_file(argv[optind + 1], &core_len);
	complete_header(&o, core, core_len);

	fd = open(argv[optind], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("cannot create %s: %s", argv[optind], strerror(errno));
	if (ftruncate(fd, (off_t)o.disk_size) < 0)
		die("cannot size %s: %s", argv[optind], strerror(errno));
	memcpy(block, &o.h, sizeof(o.h));
	write_clipped(fd, block, PAGE, 0, o.disk_size);
	written = o.h.vmcore_size < core_len ? o.h.vmcore_size : core_len;
	write_clipped(fd, core, written, DUMPDISK_VMCORE_OFFSET, o.disk_size);
	memset(junk, JUNK, sizeof(junk));
	for (off = DUMPDISK_VMCORE_OFFSET + written; off < o.disk_size;
	     off += PAGE)
		write_clipped(fd, junk, PAGE, off, o.disk_size);
	if (close(fd))
		die("cannot write %s: %s", argv[optind], strerror(errno));
	free(core);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "vmcore"))
		return make_vmcore(argv[2], number("SEED", argv[3]));
	if (argc == 5 && !strcmp(argv[1], "junk"))
		return make_junk(argv[2], number("BYTES", argv[3]),
				 number("SEED", argv[4]));
	if (argc >= 2 && !strcmp(argv[1], "disk"))
		return make_disk(argc - 1, argv + 1);
	fprintf(stderr, "usage: mkdumpdisk vmcore OUT SEED\n"
		"       mkdumpdisk disk OUT VMCORE [OPTIONS]\n"
		"       mkdumpdisk junk OUT BYTES SEED\n");
	return 2;
}
