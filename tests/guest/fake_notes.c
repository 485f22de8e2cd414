// SPDX-License-Identifier: GPL-2.0
/* The planted notes.  See fake_notes.h. */
#include "fake_notes.h"
#include <p2mdump/elf64.h>

static const char vmcoreinfo[] =
	"OSRELEASE=p2mdump-guest-harness\n"
	"PAGESIZE=4096\n"
	"SYMBOL(init_uts_ns)=ffffffff82000000\n"
	"CRASHTIME=1795314036\n";

static uint32_t pad4(uint32_t n)
{
	return (n + 3) & ~3u;
}

/* Appends one note at @p; returns its padded size. */
static uint32_t put_note(uint8_t *p, const char *name, uint32_t type,
			 const uint8_t *desc, uint32_t descsz)
{
	struct elf64_nhdr *n = (struct elf64_nhdr *)p;
	uint32_t namesz = 0, i, off;

	while (name[namesz])
		namesz++;
	namesz++;			/* the NUL counts */
	n->n_namesz = namesz;
	n->n_descsz = descsz;
	n->n_type = type;
	off = sizeof(*n);
	for (i = 0; i < namesz; i++)
		p[off + i] = (uint8_t)name[i];
	off += pad4(namesz);
	for (i = 0; i < descsz; i++)
		p[off + i] = desc ? desc[i] : (uint8_t)0;
	return off + pad4(descsz);
}

/* An elf_prstatus whose bytes say which CPU it belongs to. */
static uint32_t put_prstatus(uint8_t *p, unsigned int cpu)
{
	uint8_t desc[FAKE_PRSTATUS_SIZE];
	uint32_t i;

	for (i = 0; i < sizeof(desc); i++)
		desc[i] = (uint8_t)(i * 7 + cpu * 31 + 1);
	desc[32] = (uint8_t)(100 + cpu);	/* pr_pid */
	desc[33] = desc[34] = desc[35] = 0;
	return put_note(p, "CORE", NT_PRSTATUS, desc, sizeof(desc));
}

void fake_note_buffer(unsigned int i, uint8_t *buf)
{
	struct elf64_nhdr *bad;
	uint32_t j, off = 0;

	for (j = 0; j < FAKE_NOTE_BUF_SIZE; j++)
		buf[j] = 0;
	switch (i) {
	case 0:
	case 1:
		put_prstatus(buf, i);
		break;		/* the zeros after it are the empty note */
	case 2:
		put_note(buf, "VMCOREINFO", 0, (const uint8_t *)vmcoreinfo,
			 sizeof(vmcoreinfo) - 1);
		break;
	case 3:
		break;		/* nothing but an empty note */
	case 4:
		off = put_prstatus(buf, 2);
		bad = (struct elf64_nhdr *)(buf + off);
		bad->n_namesz = 0x10000;	/* runs past the buffer */
		bad->n_descsz = 16;
		bad->n_type = NT_PRSTATUS;
		break;
	}
}

void fake_cpu_note_buffer(unsigned int cpu, uint8_t *buf)
{
	uint32_t j;

	for (j = 0; j < FAKE_CPU_NOTE_SIZE; j++)
		buf[j] = 0;
	put_prstatus(buf, cpu);	/* 356 bytes: 12 zeros end the buffer */
}

size_t fake_notes_merged(uint8_t *out, size_t cap, unsigned int nr_cpus)
{
	size_t off = 0;
	unsigned int cpu;

	if (nr_cpus < FAKE_STD_CPUS ||
	    cap < (nr_cpus + 1) * 512 + sizeof(vmcoreinfo) + 64)
		return 0;
	off += put_prstatus(out + off, 0);
	off += put_prstatus(out + off, 1);
	off += put_note(out + off, "VMCOREINFO", 0,
			(const uint8_t *)vmcoreinfo, sizeof(vmcoreinfo) - 1);
	for (cpu = 2; cpu < nr_cpus; cpu++)
		off += put_prstatus(out + off, cpu);
	return off;
}
