// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the merged notes a correct dump of the harness holds, to stdout:
 * gen_notes [NR_CPUS] (default FAKE_STD_CPUS; harness cpus=NR_CPUS).
 */
#include <stdio.h>
#include <stdlib.h>
#include "fake_notes.h"

int main(int argc, char **argv)
{
	static uint8_t buf[256 * 1024];
	unsigned int cpus = argc > 1 ? (unsigned int)atoi(argv[1]) : FAKE_STD_CPUS;
	size_t n = fake_notes_merged(buf, sizeof(buf), cpus);

	if (n == 0 || fwrite(buf, 1, n, stdout) != n) {
		fprintf(stderr, "gen_notes: cannot write the expected notes\n");
		return 1;
	}
	return 0;
}
