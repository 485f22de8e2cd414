// SPDX-License-Identifier: GPL-2.0
/*
 * Parses /proc/iomem: "start-end : name" lines, hex, end inclusive, two
 * more leading blanks per nesting level.  See iomem.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "iomem.h"

#define IOMEM_PATH	"/proc/iomem"

/* One parsed line. */
struct iomem_line {
	unsigned int depth;		/* leading blanks */
	uint64_t start, end;		/* end inclusive */
	const char *name;
};

/* Parses @s (newline stripped) into @l; 0, or -1 if malformed. */
static int parse_line(const char *s, struct iomem_line *l)
{
	char *p, *q;

	l->depth = (unsigned int)strspn(s, " ");
	s += l->depth;
	if (!isxdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	l->start = strtoull(s, &p, 16);
	if (errno || *p != '-' || !isxdigit((unsigned char)p[1]))
		return -1;
	l->end = strtoull(p + 1, &q, 16);
	if (errno || strncmp(q, " : ", 3) || l->end < l->start ||
	    l->end == UINT64_MAX)
		return -1;
	l->name = q + 3;
	return 0;
}

/* Appends [@start, @end) to the RAM list; 0 or -1 (ENOMEM). */
static int add_ram(struct iomem *m, uint32_t *cap, uint64_t start,
		   uint64_t end)
{
	if (m->nr_ram == *cap) {
		uint32_t n = *cap ? *cap * 2 : 16;
		void *p = realloc(m->ram, n * sizeof(*m->ram));

		if (!p)
			return -1;
		m->ram = p;
		*cap = n;
	}
	m->ram[m->nr_ram].start = start;
	m->ram[m->nr_ram].end = end;
	m->nr_ram++;
	return 0;
}

/* qsort() order of RAM ranges: by start. */
static int cmp_range(const void *a, const void *b)
{
	const struct core_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorts the RAM ranges and rejects overlaps; 0, or -1 printed. */
static int sort_ram(struct iomem *m)
{
	uint32_t i;

	qsort(m->ram, m->nr_ram, sizeof(*m->ram), cmp_range);
	for (i = 1; i < m->nr_ram; i++) {
		if (m->ram[i].start < m->ram[i - 1].end) {
			cli_err("%s: System RAM ranges overlap at 0x%llx",
				m->path, (ull)m->ram[i].start);
			return -1;
		}
	}
	return 0;
}

/* Reads every line of @f into @m; 0, or -1 printed. */
static int parse_file(struct iomem *m, FILE *f)
{
	bool any_address = false;
	unsigned int lineno = 0, lines = 0;
	struct iomem_line l;
	size_t cap = 0;
	uint32_t ram_cap = 0;
	char *s = NULL;
	ssize_t n;
	int ret = -1;

	while ((n = getline(&s, &cap, f)) >= 0) {
		lineno++;
		if (n && s[n - 1] == '\n')
			s[--n] = '\0';
		if (!s[strspn(s, " ")])
			continue;
		if (parse_line(s, &l)) {
			cli_err("%s:%u: not a \"start-end : name\" line",
				m->path, lineno);
			goto out;
		}
		lines++;
		any_address |= l.start || l.end;
		if (!l.depth && !strcmp(l.name, "System RAM") &&
		    add_ram(m, &ram_cap, l.start, l.end + 1)) {
			cli_err("out of memory");
			goto out;
		}
		if (l.depth && !strcmp(l.name, "Kernel code") &&
		    !m->has_kernel_code) {
			m->has_kernel_code = true;
			m->kernel_code = l.start;
		}
		if (l.depth && !strcmp(l.name, "Kernel bss") &&
		    !m->kernel_bss_end)
			m->kernel_bss_end = l.end + 1;
	}
	if (ferror(f)) {
		cli_err("cannot read %s: %s", m->path, strerror(errno));
	} else if (lines && !any_address) {
		cli_err("%s shows no addresses: run as root", m->path);
	} else if (!m->nr_ram) {
		cli_err("%s has no System RAM ranges", m->path);
	} else {
		ret = sort_ram(m);
	}
out:
	free(s);
	return ret;
}

int iomem_parse(struct iomem *m, FILE *f, const char *path)
{
	int ret;

	memset(m, 0, sizeof(*m));
	m->path = path;
	ret = parse_file(m, f);
	if (ret)
		iomem_free(m);
	return ret;
}

int iomem_read(struct iomem *m)
{
	const char *path = env_or("P2MDUMP_IOMEM", IOMEM_PATH);
	FILE *f;
	int ret;

	memset(m, 0, sizeof(*m));
	m->path = path;
	f = fopen(path, "re");
	if (!f) {
		cli_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	ret = iomem_parse(m, f, path);
	fclose(f);
	return ret;
}

void iomem_free(struct iomem *m)
{
	free(m->ram);
	m->ram = NULL;
	m->nr_ram = 0;
}
