// SPDX-License-Identifier: GPL-2.0
/* How large a dump file to make; see filesize.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "filter/page_class.h"
#include "filesize.h"

#define MEMINFO_MAX	16384	/* bytes of /proc/meminfo read */

/* The kB value of line "@key: N kB" in @text into @v; 0, or -1. */
static int meminfo_value(const char *text, const char *key, uint64_t *v)
{
	size_t len = strlen(key);
	const char *s;
	char *end;

	for (s = text; s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
		if (strncmp(s, key, len) || s[len] != ':')
			continue;
		*v = strtoull(s + len + 1, &end, 10);
		return end == s + len + 1 ? -1 : 0;
	}
	return -1;
}

int meminfo_parse(const char *text, struct meminfo *m)
{
	return meminfo_value(text, "MemFree", &m->mem_free) ||
	       meminfo_value(text, "Cached", &m->cached) ||
	       meminfo_value(text, "Shmem", &m->shmem) ||
	       meminfo_value(text, "Buffers", &m->buffers) ||
	       meminfo_value(text, "AnonPages", &m->anon) ? -1 : 0;
}

/* The bytes of RAM dump level @level keeps, by @m (see filesize.h). */
static uint64_t kept_bytes(const struct dump_size *s, const struct meminfo *m,
			   unsigned int level)
{
	uint64_t ram_kb = s->ram_pages * 4, gone_kb = 0;

	if (level & DL_EXCLUDE_FREE)
		gone_kb += m->mem_free;
	if (level & DL_EXCLUDE_CACHE_PRI)
		gone_kb += m->buffers;
	if (level & (DL_EXCLUDE_CACHE | DL_EXCLUDE_CACHE_PRI))
		gone_kb += m->cached > m->shmem ? m->cached - m->shmem : 0;
	if (level & DL_EXCLUDE_USER)
		gone_kb += m->anon;
	return gone_kb < ram_kb ? (ram_kb - gone_kb) << 10 : 0;
}

uint64_t filesize_default(const struct dump_size *s, bool kdump,
			  const struct meminfo *m)
{
	uint64_t bytes;

	if (!kdump)
		return s->worst;
	bytes = s->metadata + 2 * kept_bytes(s, m, DL_MAX) + FILESIZE_MARGIN;
	return bytes > s->worst ? s->worst : bytes;
}

uint64_t filesize_expected(const struct dump_size *s, bool kdump,
			   const struct meminfo *m, unsigned int level)
{
	uint64_t bytes;

	if (!kdump)
		return s->worst;
	bytes = s->metadata + kept_bytes(s, m, level);
	return bytes > s->worst ? s->worst : bytes;
}

int meminfo_read(struct meminfo *m)
{
	const char *path = env_or("P2MDUMP_MEMINFO", "/proc/meminfo");
	FILE *f = fopen(path, "re");
	char text[MEMINFO_MAX + 1];
	size_t n = f ? fread(text, 1, MEMINFO_MAX, f) : 0;

	if (f)
		fclose(f);
	text[n] = '\0';
	if (!f || meminfo_parse(text, m)) {
		cli_err("cannot read MemFree, Cached, Shmem, Buffers and AnonPages from %s",
			path);
		return -1;
	}
	return 0;
}

