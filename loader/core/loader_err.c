// SPDX-License-Identifier: GPL-2.0
#include "loader_err.h"

static const char *const messages[LOADER_ERR_NR] = {
	[LOADER_OK]			= "ok",
	[LOADER_ERR_NOT_ELF]		= "capture image is not an ELF file",
	[LOADER_ERR_NOT_I386]		= "capture image is not an i386 ELF32 executable",
	[LOADER_ERR_BAD_PHDRS]		= "capture image program headers lie outside the file",
	[LOADER_ERR_NO_SEGMENTS]	= "capture image has no PT_LOAD segment",
	[LOADER_ERR_TOO_MANY_SEGMENTS]	= "capture image has too many PT_LOAD segments",
	[LOADER_ERR_SEG_OUTSIDE_FILE]	= "capture image segment data lies outside the file",
	[LOADER_ERR_SEG_FILESZ]		= "capture image segment has filesz > memsz",
	[LOADER_ERR_SEG_BASE]		= "capture image segment is below the capture kernel base",
	[LOADER_ERR_SEG_TOO_BIG]	= "capture image is larger than the capture kernel may be",
	[LOADER_ERR_SEG_OVERLAP]	= "capture image segments overlap",
	[LOADER_ERR_BAD_ENTRY]		= "capture image entry point is outside its segments",
	[LOADER_ERR_CMDLINE]		= "capture kernel command line is too long",
	[LOADER_ERR_NO_FRAMES]		= "ran out of free machine frames",
	[LOADER_ERR_UNMAPPABLE]		= "machine frame cannot be mapped by the capture kernel",
	[LOADER_ERR_DUP_FRAME]		= "frame source returned the same machine frame twice",
	[LOADER_ERR_BAD_PARAMS]		= "loader parameters out of range (phys_bits, max_mfn)",
	[LOADER_ERR_ELFCOREHDR]		= "the capture kernel would refuse this elfcorehdr",
	[LOADER_ERR_TOO_MANY_LOADS]	= "elfcorehdr has more PT_LOADs (RAM ranges) than the capture kernel takes",
	[LOADER_ERR_POOL_SMALL]		= "page pool smaller than the capture kernel needs for this dump",
	[LOADER_ERR_EXTENT_MAP]		= "dump target extent map is malformed",
};

const char *loader_strerror(enum loader_err err)
{
	if ((unsigned int)err >= LOADER_ERR_NR)
		return "unknown loader error";
	return messages[err];
}
