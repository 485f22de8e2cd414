// SPDX-License-Identifier: GPL-2.0
/* Unit tests of loader/cli/json.c, the CLI's JSON emitter: string escaping
 * (quotes, backslashes, every control character, DEL, UTF-8) and members. */
#include <stdlib.h>
#include <string.h>
#include "../../loader/cli/json.h"
#include "check.h"

/* @s as json_string() writes it, in a malloc'ed buffer. */
static char *quoted(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_string(f, s);
	fclose(f);
	return buf;
}

/* Checks that json_string(@in) is @want. */
static void expect(const char *name, const char *in, const char *want)
{
	char *got = quoted(in);

	CHECK(!strcmp(got, want), "%s: got %s, want %s", name, got, want);
	free(got);
}

/* Quotes, backslashes, the short escapes and plain text. */
static void test_escapes(void)
{
	expect("empty", "", "\"\"");
	expect("plain", "disk=00:04.0 nonce=1f", "\"disk=00:04.0 nonce=1f\"");
	expect("quote", "a\"b", "\"a\\\"b\"");
	expect("backslash", "a\\b", "\"a\\\\b\"");
	expect("slash stays", "/dev/vdb", "\"/dev/vdb\"");
	expect("short escapes", "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	expect("DEL", "\x7f", "\"\\u007f\"");
	expect("UTF-8 passes through", "gr\xc3\xbc\xc3\x9f \xe2\x82\xac",
	       "\"gr\xc3\xbc\xc3\x9f \xe2\x82\xac\"");
}

/* Every control character 0x01..0x1f is escaped, none passes raw. */
static void test_controls(void)
{
	static const char shorts[] = "\b\f\n\r\t";
	char in[2] = { 0, 0 }, want[16];
	int c, bad = 0;

	for (c = 1; c < 0x20; c++) {
		char *got;

		in[0] = (char)c;
		if (strchr(shorts, c))
			continue;	/* test_escapes */
		snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		got = quoted(in);
		if (strcmp(got, want)) {
			printf("control 0x%02x: got %s\n", c, got);
			bad++;
		}
		free(got);
	}
	CHECK(bad == 0, "controls: 0x01..0x1f as \\u00XX (%d wrong)", bad);
}

/* An object with every member kind, and an empty one. */
static void test_object(void)
{
	static const char want[] = "{\n  \"s\": \"x\\n\",\n  \"n\": null,\n"
		"  \"u\": 18446744073709551615,\n  \"i\": -5,\n"
		"  \"t\": true,\n  \"f\": false\n}\n";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_begin(&j, f);
	json_str(&j, "s", "x\n");
	json_str(&j, "n", NULL);
	json_u64(&j, "u", UINT64_MAX);
	json_i64(&j, "i", -5);
	json_bool(&j, "t", true);
	json_bool(&j, "f", false);
	json_end(&j);
	fclose(f);
	CHECK(!strcmp(buf, want), "object: every member kind (got %s)", buf);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	json_begin(&j, f);
	json_end(&j);
	fclose(f);
	CHECK(!strcmp(buf, "{}\n"), "object: empty is {} (got %s)", buf);
	free(buf);
}

int main(int argc, char **argv)
{
	check_args(argc, argv);
	RUN_GROUP("escapes", test_escapes());
	RUN_GROUP("controls", test_controls());
	RUN_GROUP("object", test_object());
	return check_exit();
}
