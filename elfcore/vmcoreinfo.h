/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMCOREINFO: the "KEY=VALUE\n" lines the crashed kernel leaves in a note
 * named "VMCOREINFO" (Linux kernel/crash_core.c), found in the merged
 * notes and looked up by key.  Nothing in it is trusted: every read is
 * bounded by the note, and a malformed value counts as absent, so callers
 * fall back to the safe choice (keep the page, use the default).
 *
 *   SYMBOL(name)=hex     KERNELOFFSET=hex     (addresses, unsigned)
 *   NUMBER(name)=dec     OFFSET(a.b)=dec      SIZE(t)=dec     LENGTH(x)=dec
 *   OSRELEASE=text       PAGESIZE=dec         CRASHTIME=dec   BUILD-ID=hex
 *
 * NUMBER values may be negative (PAGE_BUDDY_MAPCOUNT_VALUE=-129).
 */
#ifndef ELFCORE_VMCOREINFO_H
#define ELFCORE_VMCOREINFO_H

#include <p2mdump/types.h>

struct vmcoreinfo {
	const char *text;		/* not NUL-terminated */
	uint32_t len;			/* bytes of text, trailing NULs cut */
	uint32_t offset;		/* of the text within the notes */
};

/* One note of a merged PT_NOTE, as note_next() finds it. */
struct note_view {
	uint32_t type;
	const char *name;		/* namesz bytes, NUL included if any */
	uint32_t namesz;
	const uint8_t *desc;
	uint32_t descsz;
	uint32_t desc_offset;		/* of desc within the notes */
};

/*
 * Steps to the note at *@off in the @size bytes of notes and advances
 * *@off past it.  Returns 0, or -1 at the end, at a terminator or at a
 * note that runs past @size.
 */
int note_next(const void *notes, uint32_t size, uint32_t *off,
	      struct note_view *n);

/* True if @n is named @name (compared with its NUL, as Linux writes it). */
int note_named(const struct note_view *n, const char *name);

/* The number of notes of @type named @name: NT_PRSTATUS "CORE" counts CPUs. */
uint32_t notes_count(const void *notes, uint32_t size, uint32_t type,
		     const char *name);

/* Finds the VMCOREINFO note's text in the merged notes; 0 or -1. */
int vmcoreinfo_find(struct vmcoreinfo *vi, const void *notes, uint32_t size);

/* The value of @key (without '='): 0 and *@val, *@len, or -1 if absent. */
int vmcoreinfo_get(const struct vmcoreinfo *vi, const char *key,
		   const char **val, uint32_t *len);

/*
 * The number @key holds: hex for SYMBOL(...) and KERNELOFFSET, signed
 * decimal otherwise (a negative value is returned two's complement).
 * Returns 0, or -1 if absent, empty, malformed or over 64 bits.
 */
int vmcoreinfo_number(const struct vmcoreinfo *vi, const char *key,
		      uint64_t *value);

#endif
