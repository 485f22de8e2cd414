// SPDX-License-Identifier: GPL-2.0
/* Byte counts on the command line; see sizearg.h. */
#include <string.h>
#include "cli.h"
#include "sizearg.h"

int parse_size(const char *s, uint64_t *bytes)
{
	static const struct { const char *suffix; unsigned int shift; } units[] = {
		{ "", 0 }, { "K", 10 }, { "KiB", 10 }, { "M", 20 },
		{ "MiB", 20 }, { "G", 30 }, { "GiB", 30 },
	};
	size_t digits = strspn(s, "0123456789"), i;
	char num[24];
	uint64_t v;

	if (digits == 0 || digits >= sizeof(num))
		return -1;
	memcpy(num, s, digits);
	num[digits] = '\0';
	if (parse_u64(num, 10, &v) || v == 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s + digits, units[i].suffix))
			continue;
		if (v > (UINT64_MAX >> units[i].shift))
			return -1;
		*bytes = v << units[i].shift;
		return 0;
	}
	return -1;
}
