/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny JSON emitter for `status --json` and `estimate --json`: one flat
 * object of string, integer, boolean and null members, written to a FILE
 * as it goes.  Strings are escaped per RFC 8259: '"', '\\' and every
 * control character below 0x20 (as \n, \t, ... or \u00XX), and 0x7f as
 * \u007f; other bytes, UTF-8 included, pass through unchanged.
 */
#ifndef LOADER_CLI_JSON_H
#define LOADER_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *f;
	bool first;		/* no member written yet */
};

/* Writes "{" to @f and starts @j on it. */
void json_begin(struct json *j, FILE *f);

/* Writes the closing "}" and a newline. */
void json_end(struct json *j);

/* Writes @s as a quoted, escaped JSON string (no member name). */
void json_string(FILE *f, const char *s);

/* One member "key": value each; json_str with a NULL @s writes null. */
void json_str(struct json *j, const char *key, const char *s);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_bool(struct json *j, const char *key, bool v);

#endif
