/* SPDX-License-Identifier: GPL-2.0 */
/* Boot self-tests: each prints one "selftest NAME: ok|FAIL ..." line. */
#ifndef CAPTURE_SELFTEST_H
#define CAPTURE_SELFTEST_H

#include <p2mdump/start_info.h>

/* Runs them all; returns the number that failed. */
int selftests_run(const struct start_info *si);

#endif
