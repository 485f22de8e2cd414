/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest harness fills the crashed system's free RAM with this pattern;
 * the host checker expects it back in the vmcore.  Every 64-bit word is a
 * function of its own machine address and the seed, so a page written to
 * the wrong place, or a shifted one, never matches.
 */
#ifndef GUEST_PATTERN_H
#define GUEST_PATTERN_H

#include <stdint.h>

static inline uint64_t pattern_word(uint64_t maddr, uint64_t seed)
{
	return (maddr * 0x9E3779B97F4A7C15ull) ^ (seed << 1) ^
	       0xA5A5A5A55A5A5A5Aull;
}

#endif
