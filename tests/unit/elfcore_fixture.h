/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario the ELF core unit tests share: a machine with three RAM
 * ranges and three note buffers (two CPUs' NT_PRSTATUS and VMCOREINFO)
 * in a fake memory, its elfcorehdr, and files in a temporary directory
 * checked with readelf and objdump.
 */
#ifndef TESTS_ELFCORE_FIXTURE_H
#define TESTS_ELFCORE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include <p2mdump/elf64.h>
#include "elfcore/elfcorehdr.h"
#include "elfcore/vmcore.h"
#include "elfcore/notes.h"

#define PAGE		4096ull

#define PAGE_OFFSET	0xffff888000000000ull

#define KTEXT_VADDR	0xffffffff81000000ull

#define KTEXT_MADDR	0x1000000ull

#define KTEXT_SIZE	0x2000000ull

#define PRSTATUS_SIZE	336	/* sizeof(struct elf_prstatus) on x86_64 */

#define NOTE_BUF_SIZE	0x200

#define VMCOREINFO_SIZE	0x1000

#define NR_NOTES	3

#define NR_RAM		3

#define MAX_SEGS	(CORE_MAX_LOADS + 8)

#define OUT_MAX		(1 << 20)

/* The scenario: its RAM, its note buffers, its VMCOREINFO text. */
extern const struct core_range ram[NR_RAM];
extern const struct core_note_ref note_refs[NR_NOTES];
extern const char vmcoreinfo[];

struct region {
	uint64_t maddr;
	uint32_t len;
	uint8_t *bytes;
};

struct fake_mem {
	struct region r[16];
	unsigned int nr;
	uint32_t last_len;	/* length of the last read */
};

struct tool_out {
	char out[OUT_MAX];
	char err[OUT_MAX];
	int status;
};

struct seg {
	char type[16];
	uint64_t offset, vaddr, paddr, filesz, memsz;
	char flags[4];
};

/* Makes the temporary directory; 0 on success. */
int fixture_init(void);

/* Removes the temporary directory and what is in it. */
void fixture_cleanup(void);

/* Adds a zero-filled region of @len bytes at @maddr; returns its bytes. */
uint8_t *mem_add(struct fake_mem *m, uint64_t maddr, uint32_t len);

/* Frees every region. */
void mem_free(struct fake_mem *m);

/* oldmem_read_fn over a fake_mem: 0 if [maddr, +len) is in one region. */
int mem_read(void *ctx, uint64_t maddr, void *dst, uint32_t len);

/* Writes one note (name padded to 4, desc padded to 4); returns bytes. */
size_t put_note(uint8_t *p, const char *name, uint32_t type,
		const void *desc, uint32_t descsz);

/* Writes a bare note header with the given sizes; returns 12. */
size_t put_nhdr(uint8_t *p, uint32_t namesz, uint32_t descsz,
		uint32_t type);

/* Writes an NT_PRSTATUS "CORE" note whose desc bytes are @seed + i. */
size_t put_prstatus(uint8_t *p, uint8_t seed);

/* Writes the VMCOREINFO note (type 0, unpadded text length). */
size_t put_vmcoreinfo(uint8_t *p);

/*
 * Fills @m with the scenario's note buffers (each note then an empty
 * terminator); @expect gets their merge, *@expect_len its size.
 */
void scenario_mem(struct fake_mem *m, uint8_t *expect,
		  size_t *expect_len);

/* Path of the temporary file @name. */
const char *tmp_path(const char *name);

/*
 * Creates @path of @size bytes (sparse) holding @hdr at 0 and @notes at
 * @notes_off (each cut at @size); 0 or -1.
 */
int write_file(const char *path, const void *hdr, size_t hdr_len,
	       const void *notes, size_t notes_len, uint64_t notes_off,
	       uint64_t size);

/* Runs `readelf @opts @path`. */
void run_readelf(const char *opts, const char *path,
		 struct tool_out *r);

/*
 * Runs `objdump -p @path`: BFD, unlike readelf, warns "has a segment
 * extending past end of file" when a phdr's filesz runs past the end.
 */
void run_objdump(const char *path, struct tool_out *r);

/* Collects readelf's LOAD and NOTE segments; returns how many. */
unsigned int parse_segs(const char *out, struct seg *segs,
			unsigned int max);

/* Counts occurrences of @needle in @hay. */
unsigned int count_str(const char *hay, const char *needle);

/* True if readelf's segment @s is the phdr described by the arguments. */
int seg_is(const struct seg *s, const char *type, uint64_t offset,
	   uint64_t vaddr, uint64_t paddr, uint64_t filesz,
	   uint64_t memsz, const char *flags);

/* The scenario's parameters (ktext and page_offset on). */
struct elfcorehdr_params scenario_params(void);

/* Reads program header @i of the ELF64 file image @buf. */
struct elf64_phdr get_phdr(const void *buf, unsigned int i);

/* True if @ph has exactly these fields (align 0). */
int phdr_is(const struct elf64_phdr *ph, uint32_t type,
	    uint32_t flags, uint64_t offset, uint64_t vaddr,
	    uint64_t paddr, uint64_t filesz, uint64_t memsz);

/* Checks the ELF header fields of an ET_CORE image with @phnum phdrs. */
void check_ehdr(const void *buf, unsigned int phnum, const char *what);

/* Builds the scenario's elfcorehdr into @buf; returns its size. */
size_t build_scenario(uint8_t *buf, size_t cap);

/* The scenario parsed, its notes merged into @notes; returns their size. */
/* Empties @d; the first time (loads NULL) gives it room for
 * CORE_MAX_LOADS loads, which it keeps from then on. */
void desc_reset(struct core_desc *d);

/* Copies @src into @dst, loads into @dst's own room (desc_reset). */
void desc_copy(struct core_desc *dst, const struct core_desc *src);

long scenario_desc(struct core_desc *d, uint8_t *notes, size_t cap,
		   uint8_t *expect, size_t *expect_len);

#endif
