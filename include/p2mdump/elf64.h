/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ELF64 core-file structures p2mdump reads and writes (System V gABI,
 * x86_64 psABI), with fixed-width types so the i386 capture kernel, the
 * x86_64 loader and the host tests agree byte for byte.
 */
#ifndef P2MDUMP_ELF64_H
#define P2MDUMP_ELF64_H

#include <p2mdump/types.h>

#define ELF_MAGIC0	0x7f
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_CORE		4
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_NOTE		4
#define PF_X		1
#define PF_W		2
#define PF_R		4
#define NT_PRSTATUS	1

struct elf64_ehdr {
	uint8_t  e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

/* Followed by the name (namesz bytes) and the descriptor (descsz bytes),
 * each padded to 4 bytes. */
struct elf64_nhdr {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr is 56 bytes");
_Static_assert(__builtin_offsetof(struct elf64_phdr, p_offset) == 8, "phdr");

/* An x86_64 ET_CORE header whose @phnum program headers follow it. */
static inline void elf64_core_ehdr(struct elf64_ehdr *eh, uint16_t phnum)
{
	__builtin_memset(eh, 0, sizeof(*eh));
	eh->e_ident[0] = ELF_MAGIC0;
	eh->e_ident[1] = 'E';
	eh->e_ident[2] = 'L';
	eh->e_ident[3] = 'F';
	eh->e_ident[4] = ELFCLASS64;
	eh->e_ident[5] = ELFDATA2LSB;
	eh->e_ident[6] = EV_CURRENT;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(struct elf64_ehdr);
	eh->e_ehsize = sizeof(struct elf64_ehdr);
	eh->e_phentsize = sizeof(struct elf64_phdr);
	eh->e_phnum = phnum;
}

#endif
