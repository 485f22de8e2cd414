// SPDX-License-Identifier: GPL-2.0
/*
 * check_vmcore: checks a vmcore of the guest harness on the host.
 *
 *   check_vmcore VMCORE SEED FILL_START_HEX CAPTURE_FRAMES_FILE
 *		  EXPECTED_NOTES_FILE [LOW_START_HEX-LOW_END_HEX]
 *
 * Parses the ELF64 header itself and walks every PT_LOAD (p_paddr is a
 * machine address; only p_filesz bytes are in the file, which may be less
 * than p_memsz when the dump was clipped).  A kdump-compressed vmcore is
 * read page by page as crash reads it (tests/host/kdump_file.c): every RAM
 * page must be dumpable and present, unless the header says incomplete.  Every page whose machine
 * address is >= FILL_START is checked word by word: a page whose mfn is
 * in CAPTURE_FRAMES_FILE (one hex mfn a line) must be all zeros, any other
 * must hold pattern_word(maddr, SEED) in every 8-byte word.  The PT_NOTE
 * segment must equal EXPECTED_NOTES_FILE byte for byte.  With a low
 * range (the harness's lowfill), the pages in it are checked the same
 * way, and at least one of them must be.
 *
 * Exits 0 if no page is bad, at least one was checked and the notes
 * match; 1 if a check failed; 2 on a bad command line, an unreadable
 * input or a vmcore that is not an ELF64 core.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <p2mdump/elf64.h>
#include "pattern.h"
#include "tests/host/kdump_file.h"
#include "kdump/format.h"

#define PAGE		4096ull
#define MAX_REPORTS	10
#define EXIT_BAD	1
#define EXIT_ERROR	2

typedef unsigned long long ull;

/* The mapped vmcore. */
struct vmcore {
	const uint8_t *base;
	uint64_t size;
	struct elf64_ehdr eh;
};

/* sorted, distinct capture-frame mfns. */
struct frames {
	uint64_t *mfn;
	size_t nr;
};

/* What the page checks found. */
struct tally {
	uint64_t checked, pattern, zero, bad, low;
	bool malformed;			/* a PT_LOAD ran past the file */
};

/* Prints "check_vmcore: <message>" and exits EXIT_ERROR. */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("check_vmcore: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_ERROR);
}

/* The harness's lowfill pages, [low_start, low_end); empty by default. */
static uint64_t low_start, low_end;

/* True if the page at @maddr holds the pattern (or capture zeros). */
static bool checked_page(uint64_t maddr, uint64_t fill, struct tally *t)
{
	if (maddr >= low_start && maddr < low_end) {
		t->low++;
		return true;
	}
	return maddr >= fill;
}

/* Parses all of @s as a number in @base, or exits. */
static uint64_t number(const char *what, const char *s, int base)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || end == s || *end)
		die("%s is not a number: '%s'", what, s);
	return v;
}

/* Maps @path read-only into @vm and validates its ELF header. */
static void map_vmcore(struct vmcore *vm, const char *path)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0)
		die("cannot open %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s is not a regular file", path);
	if ((uint64_t)st.st_size < sizeof(vm->eh))
		die("%s is too small for an ELF header (%llu bytes)", path,
		    (ull)st.st_size);
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die("cannot map %s: %s", path, strerror(errno));
	close(fd);
	madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
	vm->base = p;
	vm->size = (uint64_t)st.st_size;
	memcpy(&vm->eh, p, sizeof(vm->eh));
}

/* Checks the ELF64 header of @vm: a little-endian x86_64 core with
 * program headers inside the file, or exits. */
static void check_ehdr(const struct vmcore *vm, const char *path)
{
	const struct elf64_ehdr *eh = &vm->eh;
	const uint8_t *id = eh->e_ident;

	if (id[0] != ELF_MAGIC0 || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		die("%s is not an ELF file", path);
	if (id[4] != ELFCLASS64 || id[5] != ELFDATA2LSB || id[6] != EV_CURRENT)
		die("%s is not a little-endian ELF64 file (class %u, data %u, version %u)",
		    path, id[4], id[5], id[6]);
	if (eh->e_type != ET_CORE || eh->e_machine != EM_X86_64)
		die("%s is not an x86_64 core file (type %u, machine %u)",
		    path, eh->e_type, eh->e_machine);
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || !eh->e_phnum)
		die("%s: bad program headers (entry size %u, count %u)",
		    path, eh->e_phentsize, eh->e_phnum);
	if (eh->e_phoff > vm->size ||
	    (uint64_t)eh->e_phnum * eh->e_phentsize > vm->size - eh->e_phoff)
		die("%s: program headers run past the end of the file", path);
}

/* Program header @i of @vm. */
static struct elf64_phdr phdr(const struct vmcore *vm, unsigned int i)
{
	struct elf64_phdr ph;

	memcpy(&ph, vm->base + vm->eh.e_phoff + (uint64_t)i * sizeof(ph),
	       sizeof(ph));
	return ph;
}

/* Orders two mfns for qsort. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Reads the capture-frame list: one hex mfn a line; blank lines and
 * lines starting with '#' are skipped. */
static void read_frames(struct frames *f, const char *path)
{
	FILE *in = fopen(path, "r");
	char line[256];
	size_t cap = 0, lineno = 0, i, n;
	char *s, *end;

	if (!in)
		die("cannot open %s: %s", path, strerror(errno));
	f->mfn = NULL;
	f->nr = 0;
	while (fgets(line, sizeof(line), in)) {
		lineno++;
		s = line + strspn(line, " \t");
		s[strcspn(s, "\r\n")] = '\0';
		if (!*s || *s == '#')
			continue;
		errno = 0;
		if (f->nr == cap) {
			cap = cap ? 2 * cap : 1024;
			f->mfn = realloc(f->mfn, cap * sizeof(*f->mfn));
			if (!f->mfn)
				die("out of memory");
		}
		f->mfn[f->nr] = strtoull(s, &end, 16);
		if (errno || end == s || end[strspn(end, " \t")])
			die("%s:%zu: not a hex mfn: '%s'", path, lineno, s);
		f->nr++;
	}
	if (ferror(in))
		die("cannot read %s", path);
	fclose(in);
	if (!f->nr)
		return;
	qsort(f->mfn, f->nr, sizeof(*f->mfn), cmp_u64);
	for (i = 1, n = 1; i < f->nr; i++)
		if (f->mfn[i] != f->mfn[n - 1])
			f->mfn[n++] = f->mfn[i];
	f->nr = n;
}

/* True if @mfn is a capture frame. */
static bool is_capture_frame(const struct frames *f, uint64_t mfn)
{
	return f->nr && bsearch(&mfn, f->mfn, f->nr, sizeof(mfn), cmp_u64);
}

/* Checks the @len bytes at @data, machine address @maddr (one page or
 * its part inside a PT_LOAD); counts the page in @t. */
static void check_page(const uint8_t *data, uint64_t maddr, uint64_t len,
		       uint64_t seed, const struct frames *f, struct tally *t)
{
	bool zero = is_capture_frame(f, maddr / PAGE);
	uint64_t i, want, got;

	t->checked++;
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&got, data + i, 8);
		want = zero ? 0 : pattern_word(maddr + i, seed);
		if (got == want)
			continue;
		if (t->bad < MAX_REPORTS)
			printf("check_vmcore: bad page at maddr 0x%llx (%s): word at 0x%llx: expected 0x%016llx, found 0x%016llx\n",
			       (ull)(maddr & ~(PAGE - 1)),
			       zero ? "capture frame" : "pattern",
			       (ull)(maddr + i), (ull)want, (ull)got);
		t->bad++;
		return;
	}
	if (zero)
		t->zero++;
	else
		t->pattern++;
}

/* Checks every page at or above @fill of PT_LOAD @ph (number @idx). */
static void check_load(const struct vmcore *vm, const struct elf64_phdr *ph,
		       unsigned int idx, uint64_t fill, uint64_t seed,
		       const struct frames *f, struct tally *t)
{
	uint64_t filesz = ph->p_filesz, off, maddr, len;

	if (filesz > ph->p_memsz) {
		printf("check_vmcore: PT_LOAD %u: p_filesz 0x%llx > p_memsz 0x%llx\n",
		       idx, (ull)filesz, (ull)ph->p_memsz);
		t->malformed = true;
	}
	if (ph->p_paddr % 8) {
		printf("check_vmcore: PT_LOAD %u: p_paddr 0x%llx is not 8-byte aligned; not checked\n",
		       idx, (ull)ph->p_paddr);
		t->malformed = true;
		return;
	}
	if (ph->p_offset > vm->size || filesz > vm->size - ph->p_offset) {
		uint64_t have = ph->p_offset > vm->size ? 0 :
				vm->size - ph->p_offset;

		printf("check_vmcore: PT_LOAD %u: bytes 0x%llx..0x%llx run past the end of the file (0x%llx); checking the 0x%llx bytes present\n",
		       idx, (ull)ph->p_offset, (ull)(ph->p_offset + filesz),
		       (ull)vm->size, (ull)have);
		t->malformed = true;
		filesz = have;
	}
	for (off = 0; off < filesz; off += len) {
		maddr = ph->p_paddr + off;
		len = ((maddr | (PAGE - 1)) + 1) - maddr;
		if (len > filesz - off)
			len = filesz - off;
		if (checked_page(maddr & ~(PAGE - 1), fill, t))
			check_page(vm->base + ph->p_offset + off, maddr, len,
				   seed, f, t);
	}
}

/* Reads all of @path; its size in *@len. */
static uint8_t *read_file(const char *path, uint64_t *len)
{
	struct stat st;
	uint8_t *buf;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st) < 0)
		die("cannot open %s: %s", path, strerror(errno));
	*len = (uint64_t)st.st_size;
	buf = malloc(*len ? *len : 1);
	if (!buf)
		die("out of memory");
	if (fread(buf, 1, *len, f) != *len)
		die("cannot read %s", path);
	fclose(f);
	return buf;
}

/* Compares the notes in the dump (@what: where they are) with the file
 * @path; true if equal. */
static bool same_notes(const char *what, const uint8_t *have,
		       uint64_t have_len, const char *path)
{
	uint64_t n, len, want_len;
	uint8_t *want = read_file(path, &want_len);

	len = have_len < want_len ? have_len : want_len;
	for (n = 0; n < len && have[n] == want[n]; n++)
		;
	if (n < len)
		printf("check_vmcore: notes differ at offset 0x%llx: expected 0x%02x, found 0x%02x\n",
		       (ull)n, want[n], have[n]);
	else if (have_len != want_len)
		printf("check_vmcore: notes differ at offset 0x%llx: %s has %llu bytes, expected %llu\n",
		       (ull)n, what, (ull)have_len, (ull)want_len);
	free(want);
	return n == len && have_len == want_len;
}

/* Compares the one PT_NOTE of @vm with the file @path; true if equal. */
static bool check_notes(const struct vmcore *vm, const char *path)
{
	struct elf64_phdr ph, note = { 0 };
	unsigned int i, nr = 0;

	for (i = 0; i < vm->eh.e_phnum; i++) {
		ph = phdr(vm, i);
		if (ph.p_type == PT_NOTE && !nr++)
			note = ph;
	}
	if (nr != 1) {
		printf("check_vmcore: notes: expected one PT_NOTE, found %u\n",
		       nr);
		return false;
	}
	if (note.p_offset > vm->size ||
	    note.p_filesz > vm->size - note.p_offset) {
		printf("check_vmcore: notes: PT_NOTE runs past the end of the file\n");
		return false;
	}
	return same_notes("PT_NOTE", vm->base + note.p_offset, note.p_filesz, path);
}

/*
 * A kdump-compressed vmcore: every RAM pfn at or above @fill must be
 * dumpable and decompress to the page expected, unless the header is
 * marked incomplete, when missing pages count as missing, not bad.
 */
static bool check_kdump(const char *path, uint64_t fill, uint64_t seed,
			const struct frames *f, struct tally *t,
			const char *notes_path)
{
	struct kdump_file *kf = kdump_file_open(path);
	uint64_t pfn, missing = 0;
	uint8_t page[PAGE];
	bool notes_ok, incomplete;

	if (!kf)
		die("%s: not a readable kdump file", path);
	incomplete = kf->status & KDUMP_INCOMPLETE;
	for (pfn = low_start / PAGE; pfn < kf->max_mapnr; pfn++) {
		if (pfn < fill / PAGE && !checked_page(pfn * PAGE, fill, t))
			continue;
		switch (kdump_file_page(kf, pfn, page)) {
		case KF_OK:
			check_page(page, pfn * PAGE, PAGE, seed, f, t);
			break;
		case KF_NOT_RAM:
			break;
		case KF_INCOMPLETE:
		case KF_EXCLUDED:
			missing++;
			break;
		case KF_BAD:
			printf("check_vmcore: pfn 0x%llx: bad descriptor or data\n", (ull)pfn);
			t->malformed = true;
			break;
		}
	}
	printf("check_vmcore: kdump, %s, %u cpus, %llu pages missing\n",
	       incomplete ? "INCOMPLETE" : "complete", kf->nr_cpus, (ull)missing);
	if (missing && !incomplete)
		t->malformed = true;
	notes_ok = same_notes("the kdump sub-header", kf->notes, kf->notes_size,
			      notes_path);
	kdump_file_close(kf);
	return notes_ok;
}

int main(int argc, char **argv)
{
	struct vmcore vm;
	struct frames f;
	struct tally t = { 0 };
	struct elf64_phdr ph;
	uint64_t seed, fill;
	unsigned int i;
	bool notes_ok;

	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: check_vmcore VMCORE SEED FILL_START_HEX CAPTURE_FRAMES_FILE EXPECTED_NOTES_FILE [LOW_START_HEX-LOW_END_HEX]\n");
		return EXIT_ERROR;
	}
	if (argc == 7) {
		char *dash = strchr(argv[6], '-');

		if (!dash)
			die("LOW range is not START-END: '%s'", argv[6]);
		*dash = '\0';
		low_start = number("LOW_START_HEX", argv[6], 16);
		low_end = number("LOW_END_HEX", dash + 1, 16);
	}
	seed = number("SEED", argv[2], 0);
	fill = number("FILL_START_HEX", argv[3], 16);
	read_frames(&f, argv[4]);
	map_vmcore(&vm, argv[1]);
	if (vm.size >= 8 && !memcmp(vm.base, "KDUMP   ", 8)) {
		notes_ok = check_kdump(argv[1], fill, seed, &f, &t, argv[5]);
	} else {
		check_ehdr(&vm, argv[1]);
		for (i = 0; i < vm.eh.e_phnum; i++) {
			ph = phdr(&vm, i);
			if (ph.p_type == PT_LOAD)
				check_load(&vm, &ph, i, fill, seed, &f, &t);
		}
		notes_ok = check_notes(&vm, argv[5]);
	}
	if (t.bad > MAX_REPORTS)
		printf("check_vmcore: ... and %llu more bad pages\n",
		       (ull)(t.bad - MAX_REPORTS));
	printf("check_vmcore: %llu pages checked: %llu pattern, %llu zero (capture frames), %llu bad; notes: %s\n",
	       (ull)t.checked, (ull)t.pattern, (ull)t.zero, (ull)t.bad,
	       notes_ok ? "ok" : "MISMATCH");
	if (!t.checked)
		printf("check_vmcore: no page at or above 0x%llx was checked\n",
		       (ull)fill);
	if (low_end)
		printf("check_vmcore: %llu of them in the low range 0x%llx-0x%llx\n",
		       (ull)t.low, (ull)low_start, (ull)low_end);
	free(f.mfn);
	munmap((void *)vm.base, vm.size);
	return (t.bad || !t.checked || !notes_ok || t.malformed ||
		(low_end && !t.low)) ?
	       EXIT_BAD : 0;
}
