// SPDX-License-Identifier: GPL-2.0
/* Looks up _stext and _end in /proc/kallsyms; see kallsyms.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "kallsyms.h"

#define KALLSYMS_PATH	"/proc/kallsyms"

/* Parses "ADDR TYPE NAME[\t[module]]\n"; true if @line names @sym.  The
 * name ends at a tab, a newline or the end of the last line. */
static bool symbol_is(const char *line, const char *sym, uint64_t *addr)
{
	size_t n = strlen(sym);
	const char *name;
	char *p;

	errno = 0;
	*addr = strtoull(line, &p, 16);
	if (errno || p == line || p[0] != ' ' || !p[1] || p[2] != ' ')
		return false;
	name = p + 3;
	return !strncmp(name, sym, n) && strchr("\t\n", name[n]);
}

int kallsyms_text(uint64_t *stext, uint64_t *end, char *why, size_t len)
{
	const char *path = env_or("P2MDUMP_KALLSYMS", KALLSYMS_PATH);
	bool have_stext = false, have_end = false;
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int ret = -1;

	if (!f) {
		snprintf(why, len, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while ((!have_stext || !have_end) && getline(&line, &cap, f) >= 0) {
		if (!have_stext)
			have_stext = symbol_is(line, "_stext", stext);
		if (!have_end)
			have_end = symbol_is(line, "_end", end);
	}
	if (ferror(f))
		snprintf(why, len, "cannot read %s: %s", path, strerror(errno));
	else if (!have_stext)
		snprintf(why, len, "%s has no _stext", path);
	else if (!*stext)
		snprintf(why, len, "%s shows no addresses (not root, or kptr_restrict=2)",
			 path);
	else if (!have_end)
		*end = ret = 0;
	else if (*end <= *stext)
		snprintf(why, len, "%s: _end 0x%llx is not above _stext 0x%llx",
			 path, (ull)*end, (ull)*stext);
	else
		ret = 0;
	free(line);
	fclose(f);
	return ret;
}
