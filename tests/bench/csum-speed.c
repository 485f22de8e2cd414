// SPDX-License-Identifier: GPL-2.0
/*
 * csum-speed [MIB]: how fast this CPU runs the dump digest (lib/csum.c,
 * the Fletcher-style sum the capture kernel computes over every page it
 * writes), built like the capture kernel: i386, -O2, no SSE.  The
 * benchmark runs it inside the TCG guest after the raw-disk dd, to tell
 * how much of p2mdump's write time is this per-page CPU work.
 *
 * Prints one line: P2MTEST-CSUM mib=N seconds=S mib_per_s=R digest=X
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "lib/csum.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 256;
	unsigned long words = mib << 18, pages = mib << 8, i;
	uint32_t *buf = malloc(words * sizeof(*buf));
	struct csum c;
	double t0, t1;

	if (!buf || mib == 0) {
		fprintf(stderr, "csum-speed: cannot allocate %lu MiB\n", mib);
		return 1;
	}
	for (i = 0; i < words; i++)
		buf[i] = (uint32_t)(i * 2654435761u);
	csum_init(&c);
	t0 = now();
	for (i = 0; i < pages; i++)
		csum_add_page(&c, buf + i * 1024, 0, 0);
	t1 = now();
	printf("P2MTEST-CSUM mib=%lu seconds=%.3f mib_per_s=%.1f digest=%016llx\n",
	       mib, t1 - t0, mib / (t1 - t0), (unsigned long long)csum_final(&c));
	return 0;
}
