/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The notes the guest harness plants in the "crashed system", and the
 * merged PT_NOTE a correct capture kernel makes of them.  Built both
 * freestanding (harness) and for the host (gen_notes, the expected file).
 *
 *   buffer 0, 1   NT_PRSTATUS "CORE" for CPU 0 / 1, then an empty note
 *                 (the shape of Linux's per-CPU crash_notes)
 *   buffer 2      VMCOREINFO, then an empty note
 *   buffer 3      only an empty note: must be skipped
 *   buffer 4      a valid NT_PRSTATUS for CPU 2, then a note whose namesz
 *                 runs past the buffer: the first kept, the rest skipped
 *
 * With more CPUs (harness cpus=N, up to P2MDUMP_MAX_CPUS), buffer 3 is
 * left out (so 256 CPUs and VMCOREINFO are CORE_MAX_NOTES PT_NOTEs) and
 * CPUs 3..N-1 follow, each a FAKE_CPU_NOTE_SIZE buffer as Linux's
 * crash_notes: its NT_PRSTATUS, then an empty note.
 */
#ifndef GUEST_FAKE_NOTES_H
#define GUEST_FAKE_NOTES_H

#include <stddef.h>
#include <stdint.h>

#define FAKE_NOTE_BUFFERS	5
#define FAKE_NOTE_BUF_SIZE	1024	/* as a PT_NOTE's p_filesz */
#define FAKE_PRSTATUS_SIZE	336	/* x86_64 struct elf_prstatus */
#define FAKE_CPU_NOTE_SIZE	368	/* Linux's note_buf_t on x86_64 */
#define FAKE_STD_CPUS		3	/* the CPUs of buffers 0, 1 and 4 */

/* Fills buffer @i (FAKE_NOTE_BUF_SIZE bytes, zeroed first). */
void fake_note_buffer(unsigned int i, uint8_t *buf);

/* Fills CPU @cpu's buffer (FAKE_CPU_NOTE_SIZE bytes), cpu >= 3. */
void fake_cpu_note_buffer(unsigned int cpu, uint8_t *buf);

/* Writes the merged notes the dump of @nr_cpus CPUs (at least
 * FAKE_STD_CPUS) must hold; returns their size, 0 if @cap is short. */
size_t fake_notes_merged(uint8_t *out, size_t cap, unsigned int nr_cpus);

#endif
