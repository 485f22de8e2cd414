// SPDX-License-Identifier: GPL-2.0
/*
 * The offset tables in docs/ against the structs they describe.
 *
 * Each documented layout is a Markdown table right after a marker line
 *
 *   <!-- layout: struct NAME -->
 *   | offset | size | field | meaning |
 *   |---:|---:|---|---|
 *   | 0 | 4 | `magic` | ... |
 *
 * This test reads the documents at run time (from $P2MDUMP_ROOT, else the
 * current directory) and checks, for every struct in layouts[] below:
 * the marker is in its document exactly once; every row names a field of
 * the struct with its real offsetof and sizeof; every field has exactly
 * one row; the rows tile the struct, ending at its sizeof.  The field
 * lists here are checked to tile the struct too, so a field added to a
 * header without a line here (and so without a row in the document)
 * fails.  A marker naming a struct this test does not know, and an
 * offset table without a marker, fail as well.
 *
 * The kdump format's structs are makedumpfile's, written field by field
 * at the offsets kdump/format.h defines (DH_*, SH_*, PD_*): their lists
 * below take each field's offset from those constants and its size from
 * the next one, so a moved constant fails here as a moved field would.
 *
 * The disk words (include/p2mdump/disk_id.h) are a table of words, not of
 * offsets: each must have its row in docs/boot-protocol.md's table of
 * capture kernel options ("| `WORD=..." ), so a word added to the header
 * without its documentation fails.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <p2mdump/disk_id.h>
#include <p2mdump/dumpdisk.h>
#include <p2mdump/ioctl.h>
#include <p2mdump/start_info.h>
#include "p2m/p2m.h"
#include "kdump/format.h"
#include "check.h"

/* loader/module/handoff.h is kernel code: give it the kernel's names. */
typedef __u8 u8;
typedef __u32 u32;
typedef __u64 u64;
#include "loader/module/handoff.h"

#define MARKER		"<!-- layout: "
#define TABLE_HEAD	"| offset | size | field | meaning |"
#define MAX_ROWS	64
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct field {
	const char *name;
	size_t offset, size;
};

#define FIELD(type, f) \
	{ #f, offsetof(struct type, f), sizeof(((struct type *)0)->f) }

static const struct field start_info_fields[] = {
	FIELD(start_info, magic), FIELD(start_info, version),
	FIELD(start_info, size), FIELD(start_info, checksum),
	FIELD(start_info, nr_pages), FIELD(start_info, flags),
	FIELD(start_info, image_pages), FIELD(start_info, start_info_pfn),
	FIELD(start_info, p2m_pfn), FIELD(start_info, p2m_pages),
	FIELD(start_info, m2p_pfn), FIELD(start_info, m2p_pages),
	FIELD(start_info, elfcorehdr_pfn), FIELD(start_info, elfcorehdr_size),
	FIELD(start_info, pool_pfn), FIELD(start_info, pool_pages),
	FIELD(start_info, pdpt_offset), FIELD(start_info, pd_pfn),
	FIELD(start_info, pt_pfn), FIELD(start_info, pt_pages),
	FIELD(start_info, ident_pd_pfn), FIELD(start_info, ident_pt_pfn),
	FIELD(start_info, handoff_pfn), FIELD(start_info, phys_bits),
	FIELD(start_info, handoff_maddr), FIELD(start_info, max_mfn),
	FIELD(start_info, extent_map_pfn), FIELD(start_info, extent_map_count),
	FIELD(start_info, cmdline),
};

static const struct field dumpdisk_header_fields[] = {
	FIELD(dumpdisk_header, magic), FIELD(dumpdisk_header, version),
	FIELD(dumpdisk_header, header_size), FIELD(dumpdisk_header, state),
	FIELD(dumpdisk_header, reason), FIELD(dumpdisk_header, vmcore_offset),
	FIELD(dumpdisk_header, vmcore_size),
	FIELD(dumpdisk_header, vmcore_full_size),
	FIELD(dumpdisk_header, disk_size), FIELD(dumpdisk_header, pages_dumped),
	FIELD(dumpdisk_header, zero_pages), FIELD(dumpdisk_header, digest),
	FIELD(dumpdisk_header, elapsed_us),
	FIELD(dumpdisk_header, first_write_us),
	FIELD(dumpdisk_header, tlb_flushes), FIELD(dumpdisk_header, mmu_batches),
	FIELD(dumpdisk_header, pages_mapped),
	FIELD(dumpdisk_header, capture_version), FIELD(dumpdisk_header, detail),
	FIELD(dumpdisk_header, nonce), FIELD(dumpdisk_header, load_time),
	FIELD(dumpdisk_header, crash_time), FIELD(dumpdisk_header, saved_time),
	FIELD(dumpdisk_header, header_crc), FIELD(dumpdisk_header, pad),
};

static const struct field p2mdump_load_fields[] = {
	FIELD(p2mdump_load, size), FIELD(p2mdump_load, version),
	FIELD(p2mdump_load, image), FIELD(p2mdump_load, image_size),
	FIELD(p2mdump_load, elfcorehdr), FIELD(p2mdump_load, elfcorehdr_size),
	FIELD(p2mdump_load, cmdline), FIELD(p2mdump_load, crash_notes),
	FIELD(p2mdump_load, nr_cpus), FIELD(p2mdump_load, pool_pages),
	FIELD(p2mdump_load, flags), FIELD(p2mdump_load, target_dev),
	FIELD(p2mdump_load, extents), FIELD(p2mdump_load, nr_extents),
	FIELD(p2mdump_load, target_fd),
};

static const struct field p2mdump_status_fields[] = {
	FIELD(p2mdump_status, size), FIELD(p2mdump_status, version),
	FIELD(p2mdump_status, armed), FIELD(p2mdump_status, nr_pages),
	FIELD(p2mdump_status, bytes_held), FIELD(p2mdump_status, frames_held),
	FIELD(p2mdump_status, contiguous_runs),
	FIELD(p2mdump_status, frames_above_4g),
	FIELD(p2mdump_status, handoff_cpu_mode),
	FIELD(p2mdump_status, handoff_maddr), FIELD(p2mdump_status, checksum),
	FIELD(p2mdump_status, page_offset), FIELD(p2mdump_status, cmdline),
	FIELD(p2mdump_status, image_source), FIELD(p2mdump_status, image_size),
	FIELD(p2mdump_status, image_sha256), FIELD(p2mdump_status, target_dev),
	FIELD(p2mdump_status, load_flags),
	FIELD(p2mdump_status, pages_taken),
	FIELD(p2mdump_status, pages_returned),
	FIELD(p2mdump_status, disarm_reason),
	FIELD(p2mdump_status, recheck_secs),
};

static const struct field m2p_entry_fields[] = {
	FIELD(m2p_entry, mfn), FIELD(m2p_entry, pfn), FIELD(m2p_entry, pad),
};

/* A kdump field at constant @off running to @next. */
#define KFIELD(name, off, next)	{ name, off, (next) - (off) }

static const struct field disk_dump_header_fields[] = {
	KFIELD("signature", DH_SIGNATURE, DH_HEADER_VERSION),
	KFIELD("header_version", DH_HEADER_VERSION, DH_UTSNAME),
	KFIELD("utsname", DH_UTSNAME, DH_UTSNAME + UTS_FIELDS * KDUMP_UTS_LEN),
	KFIELD("(padding)", DH_UTSNAME + UTS_FIELDS * KDUMP_UTS_LEN, DH_TIMESTAMP),
	KFIELD("timestamp", DH_TIMESTAMP, DH_STATUS),
	KFIELD("status", DH_STATUS, DH_BLOCK_SIZE),
	KFIELD("block_size", DH_BLOCK_SIZE, DH_SUB_HDR_SIZE),
	KFIELD("sub_hdr_size", DH_SUB_HDR_SIZE, DH_BITMAP_BLOCKS),
	KFIELD("bitmap_blocks", DH_BITMAP_BLOCKS, DH_MAX_MAPNR),
	KFIELD("max_mapnr", DH_MAX_MAPNR, DH_TOTAL_RAM_BLOCKS),
	KFIELD("total_ram_blocks", DH_TOTAL_RAM_BLOCKS, DH_DEVICE_BLOCKS),
	KFIELD("device_blocks", DH_DEVICE_BLOCKS, DH_WRITTEN_BLOCKS),
	KFIELD("written_blocks", DH_WRITTEN_BLOCKS, DH_CURRENT_CPU),
	KFIELD("current_cpu", DH_CURRENT_CPU, DH_NR_CPUS),
	KFIELD("nr_cpus", DH_NR_CPUS, DH_SIZE),
};

static const struct field kdump_sub_header_fields[] = {
	KFIELD("phys_base", SH_PHYS_BASE, SH_DUMP_LEVEL),
	KFIELD("dump_level", SH_DUMP_LEVEL, SH_SPLIT),
	KFIELD("split", SH_SPLIT, SH_START_PFN),
	KFIELD("start_pfn", SH_START_PFN, SH_END_PFN),
	KFIELD("end_pfn", SH_END_PFN, SH_OFFSET_VMCOREINFO),
	KFIELD("offset_vmcoreinfo", SH_OFFSET_VMCOREINFO, SH_SIZE_VMCOREINFO),
	KFIELD("size_vmcoreinfo", SH_SIZE_VMCOREINFO, SH_OFFSET_NOTE),
	KFIELD("offset_note", SH_OFFSET_NOTE, SH_SIZE_NOTE),
	KFIELD("size_note", SH_SIZE_NOTE, SH_OFFSET_ERASEINFO),
	KFIELD("offset_eraseinfo", SH_OFFSET_ERASEINFO, SH_SIZE_ERASEINFO),
	KFIELD("size_eraseinfo", SH_SIZE_ERASEINFO, SH_START_PFN_64),
	KFIELD("start_pfn_64", SH_START_PFN_64, SH_END_PFN_64),
	KFIELD("end_pfn_64", SH_END_PFN_64, SH_MAX_MAPNR_64),
	KFIELD("max_mapnr_64", SH_MAX_MAPNR_64, SH_SIZE),
};

static const struct field page_desc_fields[] = {
	KFIELD("offset", PD_OFFSET, PD_SIZE),
	KFIELD("size", PD_SIZE, PD_FLAGS),
	KFIELD("flags", PD_FLAGS, PD_PAGE_FLAGS),
	KFIELD("page_flags", PD_PAGE_FLAGS, PD_BYTES),
};

static const struct field handoff_params_fields[] = {
	FIELD(handoff_params, pdpt_maddr), FIELD(handoff_params, entry_vaddr),
	FIELD(handoff_params, start_info_vaddr),
};

struct layout {
	const char *name;		/* as in the marker */
	const char *doc;		/* relative to the repository root */
	size_t size;			/* sizeof the struct */
	const struct field *fields;
	size_t nr_fields;
};

#define LAYOUT(type, doc, fields) \
	{ "struct " #type, doc, sizeof(struct type), fields, ARRAY_SIZE(fields) }

static const struct layout layouts[] = {
	LAYOUT(start_info, "docs/boot-protocol.md", start_info_fields),
	LAYOUT(m2p_entry, "docs/boot-protocol.md", m2p_entry_fields),
	LAYOUT(dumpdisk_header, "docs/dump-format.md", dumpdisk_header_fields),
	LAYOUT(p2mdump_load, "docs/linux.md", p2mdump_load_fields),
	LAYOUT(p2mdump_status, "docs/linux.md", p2mdump_status_fields),
	LAYOUT(handoff_params, "docs/handoff.md", handoff_params_fields),
	{ "struct disk_dump_header", "docs/kdump-format.md", DH_SIZE,
	  disk_dump_header_fields, ARRAY_SIZE(disk_dump_header_fields) },
	{ "struct kdump_sub_header", "docs/kdump-format.md", SH_SIZE,
	  kdump_sub_header_fields, ARRAY_SIZE(kdump_sub_header_fields) },
	{ "struct page_desc", "docs/kdump-format.md", PD_BYTES,
	  page_desc_fields, ARRAY_SIZE(page_desc_fields) },
};

/* One documented row. */
struct row {
	unsigned long offset, size;
	char field[64];
	int line;
};

/* A document in memory, split into NUL-terminated lines. */
struct doc {
	char *text;
	char **lines;
	int nr_lines;
};

/* The repository root: $P2MDUMP_ROOT (tests/run.sh sets it), else ".". */
static const char *root(void)
{
	const char *r = getenv("P2MDUMP_ROOT");

	return r && *r ? r : ".";
}

/* Reads $root/@rel into @d, one string per line; 0 or -1. */
static int doc_read(struct doc *d, const char *rel)
{
	char path[4096];
	FILE *f;
	long len;
	int i, n = 0;

	memset(d, 0, sizeof(*d));
	snprintf(path, sizeof(path), "%s/%s", root(), rel);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (d->text = malloc(len + 1)) &&
	    fread(d->text, 1, len, f) == (size_t)len) {
		d->text[len] = '\0';
		for (i = 0; i <= len; i++)
			n += d->text[i] == '\n' || d->text[i] == '\0';
		d->lines = calloc(n, sizeof(*d->lines));
	}
	fclose(f);
	if (!d->lines)
		return -1;
	for (d->lines[0] = d->text, i = 0; d->text[i]; i++)
		if (d->text[i] == '\n') {
			d->text[i] = '\0';
			d->lines[++d->nr_lines] = d->text + i + 1;
		}
	d->nr_lines++;
	return 0;
}

/* Frees what doc_read() allocated. */
static void doc_free(struct doc *d)
{
	free(d->lines);
	free(d->text);
}

/* The cell after the next '|' in *@s, trimmed, into @out; 0 or -1. */
static int next_cell(const char **s, char *out, size_t cap)
{
	const char *start = *s, *end = strchr(start, '|');
	size_t len;

	if (!end)
		return -1;
	*s = end + 1;
	while (start < end && *start == ' ')
		start++;
	while (end > start && end[-1] == ' ')
		end--;
	len = (size_t)(end - start);
	if (len >= cap)
		return -1;
	memcpy(out, start, len);
	out[len] = '\0';
	return 0;
}

/* A whole decimal number in @s into @v; 0 or -1. */
static int parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end ? -1 : 0;
}

/* Parses "| offset | size | `field` | meaning |" into @r; 0 or -1. */
static int parse_row(const char *line, struct row *r)
{
	char off[32], size[32], field[80];
	size_t len;

	if (line[0] != '|')
		return -1;
	line++;
	if (next_cell(&line, off, sizeof(off)) ||
	    next_cell(&line, size, sizeof(size)) ||
	    next_cell(&line, field, sizeof(field)))
		return -1;
	len = strlen(field);
	if (len < 3 || field[0] != '`' || field[len - 1] != '`' ||
	    len - 2 >= sizeof(r->field))
		return -1;
	memcpy(r->field, field + 1, len - 2);
	r->field[len - 2] = '\0';
	return parse_ulong(off, &r->offset) || parse_ulong(size, &r->size);
}

/* Line index of the marker for @name in @d, -1 if absent; counts hits. */
static int find_marker(const struct doc *d, const char *name, int *hits)
{
	char want[128];
	int i, at = -1;

	snprintf(want, sizeof(want), MARKER "%s -->", name);
	*hits = 0;
	for (i = 0; i < d->nr_lines; i++)
		if (!strcmp(d->lines[i], want)) {
			at = at < 0 ? i : at;
			(*hits)++;
		}
	return at;
}

/* Reads the table after the marker at line @at into @rows; row count, or
 * -1 (with a FAIL printed) if it is malformed. */
static int read_table(const struct doc *d, const struct layout *l, int at,
		      struct row *rows)
{
	int i = at + 1, n = 0;
	int ok = i + 1 < d->nr_lines && !strcmp(d->lines[i], TABLE_HEAD) &&
		 !strncmp(d->lines[i + 1], "|---:|---:|", 11);

	CHECK(ok, "%s: %s:%d: the marker is followed by the offset table header",
	      l->name, l->doc, at + 1);
	if (!ok)
		return -1;
	for (i += 2; i < d->nr_lines && d->lines[i][0] == '|'; i++) {
		if (n == MAX_ROWS || parse_row(d->lines[i], &rows[n])) {
			CHECK(0, "%s: %s:%d: a row reads as | offset | size | `field` |",
			      l->name, l->doc, i + 1);
			return -1;
		}
		rows[n++].line = i + 1;
	}
	return n;
}

/* The field of @l called @name, or NULL. */
static const struct field *lookup(const struct layout *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nr_fields; i++)
		if (!strcmp(l->fields[i].name, name))
			return &l->fields[i];
	return NULL;
}

/* Every row against offsetof/sizeof; each field documented once. */
static void check_rows(const struct layout *l, const struct row *rows, int n)
{
	unsigned int seen[MAX_ROWS] = { 0 };
	unsigned long end = 0;
	size_t i;
	int k;

	for (k = 0; k < n; k++) {
		const struct row *r = &rows[k];
		const struct field *f = lookup(l, r->field);

		CHECK(f && r->offset == f->offset && r->size == f->size,
		      "%s.%s: %s:%d says offset %lu size %lu, the header %zu %zu",
		      l->name, r->field, l->doc, r->line, r->offset, r->size,
		      f ? f->offset : (size_t)-1, f ? f->size : (size_t)-1);
		CHECK(r->offset == end, "%s.%s: %s:%d starts where the row above ends (%lu)",
		      l->name, r->field, l->doc, r->line, end);
		end = r->offset + r->size;
		if (f)
			seen[f - l->fields]++;
	}
	for (i = 0; i < l->nr_fields; i++)
		CHECK(seen[i] == 1, "%s.%s is documented once in %s (%u rows)",
		      l->name, l->fields[i].name, l->doc, seen[i]);
	CHECK((size_t)n == l->nr_fields && end == l->size,
	      "%s: %s has %d rows ending at %lu; the struct has %zu fields, %zu bytes",
	      l->name, l->doc, n, end, l->nr_fields, l->size);
}

/* The field list above must tile the struct, or a field is missing here. */
static void check_field_list(const struct layout *l)
{
	size_t i, end = 0;
	int tiles = 1;

	for (i = 0; i < l->nr_fields; i++) {
		tiles &= l->fields[i].offset == end;
		end = l->fields[i].offset + l->fields[i].size;
	}
	CHECK(tiles && end == l->size,
	      "%s: the test's field list covers all %zu bytes (update test_docs.c with the header)",
	      l->name, l->size);
}

/* One struct: its field list, its marker, its table. */
static void check_layout(const struct layout *l)
{
	struct row rows[MAX_ROWS];
	struct doc d;
	int at, hits, n;

	check_field_list(l);
	if (doc_read(&d, l->doc) < 0) {
		CHECK(0, "%s: %s/%s is readable", l->name, root(), l->doc);
		return;
	}
	at = find_marker(&d, l->name, &hits);
	CHECK(hits == 1, "%s: one marker \"" MARKER "%s -->\" in %s (%d found)",
	      l->name, l->name, l->doc, hits);
	if (at >= 0) {
		n = read_table(&d, l, at, rows);
		if (n >= 0)
			check_rows(l, rows, n);
	}
	doc_free(&d);
}

/* True if @name is a struct this test checks in @doc. */
static int known(const char *name, const char *doc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(layouts); i++)
		if (!strcmp(layouts[i].name, name) && !strcmp(layouts[i].doc, doc))
			return 1;
	return 0;
}

/* In one document: every marker is known, every offset table marked. */
static void check_doc_markers(const char *rel)
{
	struct doc d;
	char name[128];
	int i;

	if (doc_read(&d, rel) < 0) {
		CHECK(0, "%s/%s is readable", root(), rel);
		return;
	}
	for (i = 0; i < d.nr_lines; i++) {
		const char *s = d.lines[i];
		size_t len = strlen(s);

		if (!strncmp(s, MARKER, strlen(MARKER)) && len > strlen(MARKER) + 4 &&
		    len - strlen(MARKER) - 4 < sizeof(name)) {
			memcpy(name, s + strlen(MARKER), len - strlen(MARKER) - 4);
			name[len - strlen(MARKER) - 4] = '\0';
			CHECK(known(name, rel), "%s:%d: marker for %s is checked by this test",
			      rel, i + 1, name);
		}
		if (!strcmp(s, TABLE_HEAD))
			CHECK(i > 0 && !strncmp(d.lines[i - 1], MARKER, strlen(MARKER)),
			      "%s:%d: offset table has a layout marker", rel, i + 1);
	}
	doc_free(&d);
}

/* Every .md file in docs/, so a new document's tables are covered too. */
static void check_all_docs(void)
{
	char path[4096], rel[512];
	struct dirent *e;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "%s/docs", root());
	dir = opendir(path);
	CHECK(dir != NULL, "%s is readable", path);
	if (!dir)
		return;
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);

		if (len < 4 || strcmp(e->d_name + len - 3, ".md"))
			continue;
		snprintf(rel, sizeof(rel), "docs/%s", e->d_name);
		check_doc_markers(rel);
		n++;
	}
	closedir(dir);
	CHECK(n > 0, "docs/*.md found (%d)", n);
}

/* Every disk word has exactly one row in boot-protocol.md's options. */
static void check_disk_words(void)
{
	static const char *const words[] = {
		DISK_WORD_BDF, DISK_WORD_ID, DISK_WORD_SECTORS,
		DISK_WORD_SERIAL, DISK_WORD_NSID,
	};
	const char *rel = "docs/boot-protocol.md";
	char row[64];
	struct doc d;
	size_t w;
	int i, rows;

	CHECK(doc_read(&d, rel) == 0, "%s is readable", rel);
	if (!d.lines)
		return;
	for (w = 0; w < ARRAY_SIZE(words); w++) {
		snprintf(row, sizeof(row), "| `%s=", words[w]);
		for (rows = 0, i = 0; i < d.nr_lines; i++)
			rows += !strncmp(d.lines[i], row, strlen(row));
		CHECK(rows == 1, "%s: one option row for the disk word %s= (%d)",
		      rel, words[w], rows);
	}
	doc_free(&d);
}

int main(void)
{
	size_t i;

	printf("documents under %s\n", root());
	for (i = 0; i < ARRAY_SIZE(layouts); i++)
		check_layout(&layouts[i]);
	check_all_docs();
	check_disk_words();
	return check_exit();
}
