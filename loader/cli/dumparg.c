// SPDX-License-Identifier: GPL-2.0
/* The dump options load and estimate both take; see dumparg.h. */
#include <stdint.h>
#include <string.h>
#include "cli.h"
#include "dumparg.h"
#include "filter/page_class.h"

int parse_format(const char *who, const char *arg, bool *kdump)
{
	if (strcmp(arg, "kdump") && strcmp(arg, "elf")) {
		cli_err("%s--format wants kdump or elf, not '%s'", who, arg);
		return -1;
	}
	*kdump = !strcmp(arg, "kdump");
	return 0;
}

int parse_dump_level(const char *who, const char *arg, unsigned int *level)
{
	uint64_t v;

	if (parse_u64(arg, 10, &v) || v > DL_MAX) {
		cli_err("%s--dump-level wants makedumpfile's -d, 0 to %u, not '%s'",
			who, DL_MAX, arg);
		return -1;
	}
	*level = (unsigned int)v;
	return 0;
}
