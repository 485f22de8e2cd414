// SPDX-License-Identifier: GPL-2.0
/* Walking merged notes and reading VMCOREINFO.  See vmcoreinfo.h. */
#include "vmcoreinfo.h"
#include <p2mdump/elf64.h>

#define NHDR_SIZE	((uint32_t)sizeof(struct elf64_nhdr))

/* @x rounded up to 4, in 64 bits so it cannot overflow. */
static uint64_t pad4(uint32_t x)
{
	return ((uint64_t)x + 3) & ~3ull;
}

int note_next(const void *notes, uint32_t size, uint32_t *off,
	      struct note_view *n)
{
	const uint8_t *p = (const uint8_t *)notes + *off;
	struct elf64_nhdr nh;
	uint64_t name_at, desc_at, end;

	if (*off > size || size - *off < NHDR_SIZE)
		return -1;
	__builtin_memcpy(&nh, p, sizeof(nh));
	if (!nh.n_namesz && !nh.n_descsz)
		return -1;
	name_at = (uint64_t)*off + NHDR_SIZE;
	desc_at = name_at + pad4(nh.n_namesz);
	end = desc_at + pad4(nh.n_descsz);
	if (end > size)
		return -1;
	n->type = nh.n_type;
	n->name = (const char *)notes + name_at;
	n->namesz = nh.n_namesz;
	n->desc = (const uint8_t *)notes + desc_at;
	n->descsz = nh.n_descsz;
	n->desc_offset = (uint32_t)desc_at;
	*off = (uint32_t)end;
	return 0;
}

int note_named(const struct note_view *n, const char *name)
{
	uint32_t i;

	for (i = 0; name[i]; i++)
		if (i >= n->namesz || n->name[i] != name[i])
			return 0;
	return n->namesz == i || (n->namesz == i + 1 && n->name[i] == '\0');
}

uint32_t notes_count(const void *notes, uint32_t size, uint32_t type,
		     const char *name)
{
	struct note_view n;
	uint32_t off = 0, count = 0;

	while (!note_next(notes, size, &off, &n))
		count += n.type == type && note_named(&n, name);
	return count;
}

int vmcoreinfo_find(struct vmcoreinfo *vi, const void *notes, uint32_t size)
{
	struct note_view n;
	uint32_t off = 0;

	while (!note_next(notes, size, &off, &n)) {
		if (!note_named(&n, "VMCOREINFO"))
			continue;
		vi->text = (const char *)n.desc;
		vi->len = n.descsz;
		while (vi->len && vi->text[vi->len - 1] == '\0')
			vi->len--;
		vi->offset = n.desc_offset;
		return 0;
	}
	return -1;
}

/* True if the @len bytes at @s begin with @prefix. */
static int starts_with(const char *s, uint32_t len, const char *prefix)
{
	uint32_t i;

	for (i = 0; prefix[i]; i++)
		if (i >= len || s[i] != prefix[i])
			return 0;
	return 1;
}

int vmcoreinfo_get(const struct vmcoreinfo *vi, const char *key,
		   const char **val, uint32_t *len)
{
	uint32_t line = 0, keylen = 0, end;

	while (key[keylen])
		keylen++;
	while (line < vi->len) {
		for (end = line; end < vi->len && vi->text[end] != '\n'; end++)
			;
		if (end - line > keylen && vi->text[line + keylen] == '=' &&
		    starts_with(vi->text + line, end - line, key)) {
			*val = vi->text + line + keylen + 1;
			*len = end - line - keylen - 1;
			return 0;
		}
		line = end + 1;
	}
	return -1;
}

/* The value of the hex digit @c, or -1. */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses all @len bytes at @s in @base (10 or 16); 0, or -1. */
static int parse_unsigned(const char *s, uint32_t len, unsigned int base,
			  uint64_t *value)
{
	uint64_t v = 0;
	uint32_t i;
	int d;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		d = hex_digit(s[i]);
		if (d < 0 || (unsigned int)d >= base ||
		    v > (~0ull - (uint64_t)d) / base)
			return -1;
		v = v * base + (uint64_t)d;
	}
	*value = v;
	return 0;
}

int vmcoreinfo_number(const struct vmcoreinfo *vi, const char *key,
		      uint64_t *value)
{
	const char *s;
	uint32_t len;
	uint64_t v;
	int neg;

	if (vmcoreinfo_get(vi, key, &s, &len))
		return -1;
	if (starts_with(key, ~0u, "SYMBOL(") || starts_with(key, ~0u, "KERNELOFFSET"))
		return parse_unsigned(s, len, 16, value);
	neg = len && s[0] == '-';
	if (parse_unsigned(s + neg, len - neg, 10, &v) ||
	    v > (neg ? 1ull << 63 : ~0ull >> 1))
		return -1;
	*value = neg ? -v : v;
	return 0;
}
