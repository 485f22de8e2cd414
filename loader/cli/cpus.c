// SPDX-License-Identifier: GPL-2.0
/* The helper-CPU words from /proc/cpuinfo.  See cpus.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cpus.h"
#include "cli.h"
#include "lib/pool_need.h"

#define CPUINFO_PATH	"/proc/cpuinfo"
#define MAX_IDS		(POOL_HELPERS_MAX + 2)

/* The APIC IDs of the first @max CPUs, CPU 0's first; their count or -1. */
static int read_ids(const char *path, uint32_t *ids, int max)
{
	FILE *f = fopen(path, "r");
	char line[256];
	unsigned int id;
	int n = 0;

	if (!f) {
		cli_err("%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "apicid : %u", &id) != 1)
			continue;
		if (n < max)
			ids[n++] = id;
	}
	fclose(f);
	return n;
}

int cpus_helper_words(uint32_t want, char *buf, size_t len, uint32_t *n)
{
	const char *path = env_or("P2MDUMP_CPUINFO", CPUINFO_PATH);
	uint32_t ids[MAX_IDS];
	int nr, i;
	size_t used;

	*buf = 0;
	*n = 0;
	if (!want)
		return 0;
	if (want > POOL_HELPERS_MAX)
		want = POOL_HELPERS_MAX;
	nr = read_ids(path, ids, MAX_IDS);
	if (nr < 0)
		return -1;
	if (nr < 2)		/* no apicid lines, or one CPU: no helper */
		return 0;
	*n = (uint32_t)nr - 1 < want ? (uint32_t)nr - 1 : want;
	if ((uint32_t)nr > *n + 2)
		nr = (int)*n + 2;	/* the boot CPU, N, one that may panic */
	used = (size_t)snprintf(buf, len, " helpers=%u cpus_apic=", *n);
	for (i = 0; i < nr && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%u",
					 i ? "," : "", ids[i]);
	if (used < len)
		used += (size_t)snprintf(buf + used, len - used, " bsp_apic=%u",
					 ids[0]);
	if (used >= len) {
		cli_err("the helper-CPU words do not fit in %zu bytes", len);
		return -1;
	}
	return 0;
}
