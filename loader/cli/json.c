// SPDX-License-Identifier: GPL-2.0
/* A tiny JSON emitter; see json.h. */
#include <inttypes.h>
#include "json.h"

void json_begin(struct json *j, FILE *f)
{
	j->f = f;
	j->first = true;
	fputc('{', f);
}

void json_end(struct json *j)
{
	fputs(j->first ? "}\n" : "\n}\n", j->f);
}

/* The short escape of @c ('n' for '\n', ...), or 0 if it has none. */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"':	return '"';
	case '\\':	return '\\';
	case '\b':	return 'b';
	case '\f':	return 'f';
	case '\n':	return 'n';
	case '\r':	return 'r';
	case '\t':	return 't';
	default:	return 0;
	}
}

void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		char e = short_escape(*p);

		if (e)
			fprintf(f, "\\%c", e);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Writes the separator and "@key": of the next member. */
static void member(struct json *j, const char *key)
{
	fputs(j->first ? "\n  " : ",\n  ", j->f);
	j->first = false;
	json_string(j->f, key);
	fputs(": ", j->f);
}

void json_str(struct json *j, const char *key, const char *s)
{
	member(j, key);
	if (s)
		json_string(j->f, s);
	else
		fputs("null", j->f);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, v);
}

void json_i64(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	fprintf(j->f, "%" PRId64, v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
}
