/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump status` (is a capture kernel armed, and what does it hold) and
 * `p2mdump unload` (disarm, give every page back).
 */
#ifndef LOADER_CLI_STATUS_H
#define LOADER_CLI_STATUS_H

#include <stddef.h>
#include <p2mdump/ioctl.h>

#define STATUS_ARGS	"[--json]"
#define STATUS_HELP	"show whether a capture kernel is armed and what it holds (--json: as one JSON object)"
#define UNLOAD_ARGS	""
#define UNLOAD_HELP	"disarm the capture kernel and give back its memory"

/* Prints @st as "key: value" lines on stdout; if it is not armed, only
 * "armed: no", the module's page counts and crash_kexec_post_notifiers. */
void status_print(const struct p2mdump_status *st);

/* The major and minor of kernel dev_t @dev (P2MDUMP_MINORBITS). */
static inline unsigned int dev_major(uint32_t dev)
{
	return dev >> P2MDUMP_MINORBITS;
}

static inline unsigned int dev_minor(uint32_t dev)
{
	return dev & ((1u << P2MDUMP_MINORBITS) - 1);
}

/* The value of the first "@key=" word of @cmdline, into @buf; NULL if
 * there is none. */
const char *status_word(const char *cmdline, const char *key, char *buf,
			size_t len);

/* The name in sysfs dev/block/ of kernel dev_t @dev, into @buf; "?". */
const char *status_dev_name(uint32_t dev, char *buf, size_t len);

/* "built-in", "user (--image)" or "unknown" for P2MDUMP_IMAGE_* @source. */
const char *status_image_source(uint32_t source);

/* Why the module disarmed by itself (P2MDUMP_DISARM_* @reason), in words. */
const char *status_disarm_why(uint32_t reason);

/* Prints @st as one JSON object on stdout (status_json.c; the keys are
 * docs/linux.md's table, "status --json"). */
void status_json_print(const struct p2mdump_status *st);

/* Run `p2mdump status` / `p2mdump unload`; argv[0] is the command name.
 * Return an exit status. */
int cmd_status(int argc, char **argv);
int cmd_unload(int argc, char **argv);

#endif
