/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything about one good build, checked: the PAE tables walked as the
 * processor would, every page read back, the start info, the frames
 * handed out, and the checksum recomputed and attacked with byte flips.
 */
#ifndef TESTS_LOADER_VERIFY_H
#define TESTS_LOADER_VERIFY_H

#include "fake_machine.h"
#include "loader_image.h"

/* Builds @img on @m and checks everything about the result. */
void check_good_build(const char *tag, struct machine *m,
		      const struct image *img,
		      const struct loader_params *p, struct rng *r);

#endif
