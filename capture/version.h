/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CAPTURE_VERSION_H
#define CAPTURE_VERSION_H

#define P2MDUMP_VERSION "0.2"

#endif
