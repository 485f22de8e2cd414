/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump status` (is a capture kernel armed, and what does it hold) and
 * `p2mdump unload` (disarm, give every page back).
 */
#ifndef LOADER_CLI_STATUS_H
#define LOADER_CLI_STATUS_H

#include <p2mdump/ioctl.h>

#define STATUS_ARGS	""
#define STATUS_HELP	"show whether a capture kernel is armed and what it holds"
#define UNLOAD_ARGS	""
#define UNLOAD_HELP	"disarm the capture kernel and give back its memory"

/* Prints @st as "key: value" lines on stdout; if it is not armed, only
 * "armed: no", the module's page counts and crash_kexec_post_notifiers. */
void status_print(const struct p2mdump_status *st);

/* Run `p2mdump status` / `p2mdump unload`; argv[0] is the command name.
 * Return an exit status. */
int cmd_status(int argc, char **argv);
int cmd_unload(int argc, char **argv);

#endif
