/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for code shared by the Linux module (Kbuild: no libc
 * headers), the capture kernel (freestanding) and userspace.
 */
#ifndef P2MDUMP_TYPES_H
#define P2MDUMP_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/stddef.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

#endif
