/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the p2mdump subcommands: exit statuses, one-line messages and
 * small file, path and number helpers.  Functions that can fail print
 * nothing unless their comment says so.
 */
#ifndef LOADER_CLI_CLI_H
#define LOADER_CLI_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses of the p2mdump command (every subcommand). */
enum {
	P2MDUMP_EXIT_OK = 0,		/* done; save: a complete dump */
	P2MDUMP_EXIT_ERROR = 1,		/* failed: see the message */
	P2MDUMP_EXIT_USAGE = 2,		/* bad command line */
	P2MDUMP_EXIT_INCOMPLETE = 3,	/* save: extracted, but partial */
	P2MDUMP_EXIT_NO_DUMP = 4,	/* save: armed or cleared, no dump */
};

typedef unsigned long long ull;

/* Prints "p2mdump: <message>" and a newline on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "p2mdump: warning: <message>" and a newline on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The environment variable @name if set and not empty, else @def. */
const char *env_or(const char *name, const char *def);

/* snprintf() into @buf; 0, or -1 with errno = ENAMETOOLONG if cut. */
int path_fmt(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads the first line of the small text file @path into @buf, without
 * its newline; 0, or -1 with errno set (EOVERFLOW: longer than @len). */
int read_line(const char *path, char *buf, size_t len);

/* Reads all of the regular file @path, at most @max bytes, into a new
 * buffer; NULL with errno set (EFBIG: larger, EINVAL: not a file). */
void *read_file(const char *path, size_t max, size_t *size);

/* Parses all of @s as an unsigned number (@base as for strtoull, no
 * sign, no blanks); 0, or -1 if it is not one or does not fit. */
int parse_u64(const char *s, int base, uint64_t *v);

#endif
