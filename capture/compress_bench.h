/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An opt-in measurement of page compression inside the capture kernel
 * (cmdline lzo_bench=N, zlib_bench=N; off by default, not a self-test).
 */
#ifndef CAPTURE_COMPRESS_BENCH_H
#define CAPTURE_COMPRESS_BENCH_H

#include <stdint.h>
#include <p2mdump/start_info.h>
#include "lib/compress.h"

/* Compresses @pages of our own pages with @m, prints the rate. */
void compress_bench(const struct start_info *si, enum compress_method m,
		    uint32_t pages);

#endif
