// SPDX-License-Identifier: GPL-2.0
/* Command-line lookup.  See cmdline.h. */
#include "cmdline.h"
#include "lib/string.h"

static const char *line = "";

void cmdline_init(const char *cmdline)
{
	line = cmdline;
}

/* The first word "@name=VALUE" (if @value) or "@name" alone (if not):
 * a pointer just past @name in it, or NULL. */
static const char *find(const char *name, int value)
{
	size_t len = strlen(name);
	const char *p = line;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, name, len) &&
		    (value ? p[len] == '=' : p[len] == ' ' || p[len] == '\0'))
			return p + len;
		while (*p && *p != ' ')
			p++;
	}
	return (const char *)0;
}

int cmdline_flag(const char *name)
{
	return find(name, 0) != (const char *)0;
}

const char *cmdline_str(const char *name)
{
	const char *p = find(name, 1);

	return p ? p + 1 : (const char *)0;
}

int cmdline_u64(const char *name, uint64_t *value)
{
	const char *p = cmdline_str(name);
	uint64_t v = 0, base = 10, d;

	if (!p)
		return -1;
	if (p[0] == '0' && p[1] == 'x') {
		base = 16;
		p += 2;
	}
	for (; *p && *p != ' '; p++) {
		if (*p >= '0' && *p <= '9')
			d = (uint64_t)(*p - '0');
		else if (base == 16 && (*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			d = (uint64_t)((*p | 0x20) - 'a' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;	/* does not fit */
		v = v * base + d;
	}
	*value = v;
	return 0;
}

int cmdline_u32(const char *name, uint32_t *value)
{
	uint64_t v;

	if (cmdline_u64(name, &v) || v > UINT32_MAX)
		return -1;
	*value = (uint32_t)v;
	return 0;
}

int cmdline_hex64(const char *name, uint64_t *value)
{
	const char *p = cmdline_str(name);
	uint64_t v = 0;
	int n;

	if (!p)
		return -1;
	for (n = 0; p[n] && p[n] != ' '; n++) {
		char c = (char)(p[n] | 0x20);

		if (n == 16)
			return -1;	/* does not fit */
		if (p[n] >= '0' && p[n] <= '9')
			v = v << 4 | (uint64_t)(p[n] - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	if (!n)
		return -1;
	*value = v;
	return 0;
}

int cmdline_is(const char *name, const char *value)
{
	const char *p = cmdline_str(name);
	size_t len = strlen(value);

	return p && !strncmp(p, value, len) && (p[len] == ' ' || p[len] == '\0');
}

int cmdline_u32_list(const char *name, uint32_t *out, uint32_t max)
{
	const char *p = cmdline_str(name);
	uint32_t n = 0;
	uint64_t v;

	if (!p)
		return -1;
	for (;;) {
		if (*p < '0' || *p > '9' || n == max)
			return -1;
		for (v = 0; *p >= '0' && *p <= '9'; p++)
			if ((v = v * 10 + (uint64_t)(*p - '0')) > UINT32_MAX)
				return -1;
		out[n++] = (uint32_t)v;
		if (*p == ' ' || *p == '\0')
			return (int)n;
		if (*p++ != ',')
			return -1;
	}
}
