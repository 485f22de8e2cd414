// SPDX-License-Identifier: GPL-2.0
/*
 * `p2mdump save DEVICE-OR-IMAGE OUTDIR`: opens the dump disk (dumpdisk.h
 * validates its header), copies the vmcore to OUTDIR/vmcore (sparsely,
 * summing it on the way), compares the digest, writes OUTDIR/dump-info.txt
 * and prints a summary, loudly if the dump is incomplete.  Both outputs
 * go through outdir.h: new 0600 files renamed into place, in an OUTDIR
 * no one else can write.  Only once both are on disk does it mark the
 * dump saved in its header (so that load no longer guards it) and, with
 * --clear, cleared.  See save.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "lib/csum.h"
#include "dumpdisk.h"
#include "outdir.h"
#include "save.h"

#define CHUNK		(1u << 20)	/* bytes per read */
#define WRAP		76		/* summary line width */

/* What the copy found. */
struct copy_result {
	uint64_t digest;		/* computed */
	uint64_t holes;			/* zero blocks left unwritten */
	bool digest_checked;		/* false for a dump in progress */
	bool digest_ok;
	const char *format;		/* from the vmcore's first bytes */
};

/* The vmcore's format, by its magic: what crash will take it for. */
static const char *format_of(const uint8_t *head, size_t len)
{
	if (len >= 8 && !memcmp(head, "KDUMP   ", 8))
		return "kdump";
	if (len >= 4 && !memcmp(head, "\177ELF", 4))
		return "elf";
	return "unknown";
}

/* Prints the usage line of save on @f. */
static void save_usage(FILE *f)
{
	fprintf(f, "usage: p2mdump save " SAVE_ARGS "\n"
		"  " SAVE_HELP ";\n"
		"  --clear: once the dump is safely in OUTDIR, mark the disk's header\n"
		"    cleared, so that a later save finds no dump\n"
		"  exit 0: complete dump, digest ok; 1: error; 2: usage;\n"
		"  3: the dump is incomplete (saved anyway); 4: no dump since load,\n"
		"    cleared, or an empty (all-zero) target\n");
}

/* Writes @len bytes at @off; 0 or -1 with errno set. */
static int pwrite_full(int fd, const void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pwrite(fd, (const char *)buf + done, len - done,
				   (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* Writes the non-zero blocks of @buf at @off; zero ones stay holes.
 * Counts the holes in @holes.  0 or -1 with errno set. */
static int write_sparse(int out, const uint8_t *buf, size_t len, uint64_t off,
			uint64_t *holes)
{
	size_t start = 0, end;

	while (start < len) {
		while (start < len && all_zero(buf + start, DUMPDISK_BLOCK)) {
			start += DUMPDISK_BLOCK;
			(*holes)++;
		}
		end = start;
		while (end < len && !all_zero(buf + end, DUMPDISK_BLOCK))
			end += DUMPDISK_BLOCK;
		if (end > start &&
		    pwrite_full(out, buf + start, end - start, off + start) < 0)
			return -1;
		start = end;
	}
	return 0;
}

/* Copies the vmcore to @out in CHUNK reads, summing every block; 0 or an
 * exit status. */
static int copy_vmcore(const struct dumpdisk *d, int out, const char *out_path,
		       struct copy_result *r)
{
	uint64_t size = d->h.vmcore_size, done = 0;
	uint8_t *buf = malloc(CHUNK);
	int ret = P2MDUMP_EXIT_ERROR;
	struct csum c;

	if (!buf) {
		cli_err("out of memory");
		return ret;
	}
	csum_init(&c);
	while (done < size) {
		size_t len = size - done < CHUNK ? size - done : CHUNK;
		ssize_t n = dumpdisk_read(d, buf, len,
					  DUMPDISK_VMCORE_OFFSET + done);
		size_t i;

		if (n < 0) {
			cli_err("cannot read %s at byte %llu: %s", d->path,
				(ull)(DUMPDISK_VMCORE_OFFSET + done),
				strerror(errno));
			goto out;
		}
		if ((size_t)n < len) {
			cli_err("%s ended at byte %llu, inside the vmcore",
				d->path,
				(ull)(DUMPDISK_VMCORE_OFFSET + done + n));
			goto out;
		}
		if (!done)
			r->format = format_of(buf, len);
		for (i = 0; i < len; i += DUMPDISK_BLOCK)
			csum_add_page(&c, buf + i, 0, 0);
		if (write_sparse(out, buf, len, done, &r->holes) < 0) {
			cli_err("cannot write %s: %s", out_path,
				strerror(errno));
			goto out;
		}
		done += len;
	}
	if (ftruncate(out, (off_t)size) < 0) {
		cli_err("cannot finish %s: %s", out_path, strerror(errno));
		goto out;
	}
	r->digest = csum_final(&c);
	ret = 0;
out:
	free(buf);
	return ret;
}

/* Writes dump-info.txt, key: value lines, to @fd (left open); 0 or an
 * exit status. */
static int write_info(int fd, const char *path, const struct dumpdisk *d,
		      const struct copy_result *r)
{
	const struct dumpdisk_header *h = &d->h;
	char when[DUMPDISK_TIME_LEN];
	int dup_fd = dup(fd);
	FILE *f = dup_fd < 0 ? NULL : fdopen(dup_fd, "w");
	int bad;

	if (!f) {
		cli_err("cannot write %s: %s", path, strerror(errno));
		if (dup_fd >= 0)
			close(dup_fd);
		return P2MDUMP_EXIT_ERROR;
	}
	fprintf(f, "state: %s\n", dumpdisk_state_name(h->state));
	fprintf(f, "format: %s\n", r->format ? r->format : "none");
	fprintf(f, "reason: %s\n", dumpdisk_reason_name(h->reason));
	fprintf(f, "detail: %s\n", d->detail);
	fprintf(f, "vmcore_size: %llu\n", (ull)h->vmcore_size);
	fprintf(f, "vmcore_full_size: %llu\n", (ull)h->vmcore_full_size);
	fprintf(f, "pages_dumped: %llu\n", (ull)h->pages_dumped);
	fprintf(f, "zero_pages: %llu\n", (ull)h->zero_pages);
	fprintf(f, "elapsed_us: %llu\n", (ull)h->elapsed_us);
	fprintf(f, "first_write_us: %llu\n", (ull)h->first_write_us);
	fprintf(f, "tlb_flushes: %llu\n", (ull)h->tlb_flushes);
	fprintf(f, "mmu_batches: %llu\n", (ull)h->mmu_batches);
	fprintf(f, "pages_mapped: %llu\n", (ull)h->pages_mapped);
	fprintf(f, "capture_version: %s\n", d->version);
	fprintf(f, "reason_code: %u\n", h->reason);
	fprintf(f, "disk_size: %llu\n", (ull)h->disk_size);
	fprintf(f, "digest: 0x%016llx\n", (ull)h->digest);
	fprintf(f, "digest_computed: 0x%016llx\n", (ull)r->digest);
	fprintf(f, "digest_check: %s\n", !r->digest_checked ? "skipped" :
		r->digest_ok ? "ok" : "mismatch");
	fprintf(f, "source: %s\n", d->path);
	fprintf(f, "header_version: %u\n", h->version);
	fprintf(f, "nonce: %016llx\n", (ull)h->nonce);
	fprintf(f, "crash_time: %llu\n", (ull)h->crash_time);
	fprintf(f, "crash_time_utc: %s\n", dumpdisk_time(h->crash_time, when));
	bad = ferror(f);
	if (fclose(f) || bad) {
		cli_err("cannot write %s", path);
		return P2MDUMP_EXIT_ERROR;
	}
	return 0;
}

/* Prints @text on stdout, wrapped at WRAP columns. */
static void print_wrapped(const char *text)
{
	size_t col = 0;

	while (*text) {
		size_t word = strcspn(text, " ");

		if (col && col + 1 + word > WRAP) {
			putchar('\n');
			col = 0;
		} else if (col) {
			putchar(' ');
			col++;
		}
		fwrite(text, 1, word, stdout);
		col += word;
		text += word;
		text += strspn(text, " ");
	}
	putchar('\n');
}

/* Appends what the header says of its origin to @text (@n bytes used of
 * @len): nonce and crash time, or that a version 1 header has neither;
 * and an earlier save.  Returns the new length. */
static size_t origin(const struct dumpdisk *d, char *text, size_t n,
		     size_t len)
{
	const struct dumpdisk_header *h = &d->h;
	char crash[DUMPDISK_TIME_LEN], saved[DUMPDISK_TIME_LEN];
	int k;

	if (n >= len)
		return n;
	if (h->version == 1)
		k = snprintf(text + n, len - n,
			     " Dump header version 1: no nonce, crash time or CRC.");
	else
		k = snprintf(text + n, len - n,
			     " Nonce %016llx%s, %s%s%s%s.",
			     (ull)h->nonce, h->nonce ? "" : " (none: not armed by p2mdump load)",
			     h->crash_time ? "crashed at " : "crash time unknown",
			     h->crash_time ? dumpdisk_time(h->crash_time, crash) : "",
			     h->saved_time ? "; saved before, at " : "",
			     h->saved_time ? dumpdisk_time(h->saved_time, saved) : "");
	return k > 0 ? n + (size_t)k : n;
}

/* Prints the one-paragraph summary of a save on stdout. */
static void print_summary(const struct dumpdisk *d, const char *vmcore_path,
			  const char *info_path, const struct copy_result *r)
{
	const struct dumpdisk_header *h = &d->h;
	char text[2048], why[256], digest[96];
	bool complete = h->state == DUMP_COMPLETE;
	int n;

	if (!r->digest_checked)
		snprintf(digest, sizeof(digest),
			 "digest not checked (the dump never finished)");
	else
		snprintf(digest, sizeof(digest), "digest 0x%016llx %s",
			 (ull)r->digest, r->digest_ok ? "ok" : "MISMATCH");
	if (complete)
		n = snprintf(text, sizeof(text),
			     "Saved a complete %s dump from %s to %s: %llu bytes (%.1f MiB), %s.",
			     r->format && !strcmp(r->format, "kdump") ?
			     "kdump-compressed" : "ELF", d->path, vmcore_path,
			     (ull)h->vmcore_size,
			     h->vmcore_size / 1048576.0, digest);
	else
		n = snprintf(text, sizeof(text),
			     "Saved an INCOMPLETE dump (%s) from %s to %s: %llu of %llu bytes, %s.",
			     dumpdisk_why_incomplete(d, why, sizeof(why)),
			     d->path, vmcore_path, (ull)h->vmcore_size,
			     (ull)h->vmcore_full_size, digest);
	if (n > 0)
		n = (int)origin(d, text, (size_t)n, sizeof(text));
	if (n > 0 && (size_t)n < sizeof(text))
		snprintf(text + n, sizeof(text) - n,
			 " The capture kernel (%s) dumped %llu pages and wrote %llu of its own frames as zeros in %.3f s (first write after %.1f ms; %llu TLB flushes, %llu MMU batches, %llu pages mapped). %llu all-zero blocks were left as holes. Details: %s",
			 d->version[0] ? d->version : "unknown version",
			 (ull)h->pages_dumped, (ull)h->zero_pages,
			 h->elapsed_us / 1e6, h->first_write_us / 1e3,
			 (ull)h->tlb_flushes, (ull)h->mmu_batches,
			 (ull)h->pages_mapped, (ull)r->holes, info_path);
	print_wrapped(text);
}

/* Prints the loud warning for a dump that is incomplete or in progress. */
static void warn_incomplete(const struct dumpdisk *d, const char *vmcore_path)
{
	static const char bar[] =
		"************************************************************";
	const struct dumpdisk_header *h = &d->h;
	char why[256], total[32] = "an unknown number of";

	if (h->vmcore_full_size)
		snprintf(total, sizeof(total), "%llu",
			 (ull)h->vmcore_full_size);
	fprintf(stderr, "p2mdump: WARNING: %s\n", bar);
	fprintf(stderr, "p2mdump: WARNING: THE DUMP IS INCOMPLETE: %s; %s holds %llu of %s bytes\n",
		dumpdisk_why_incomplete(d, why, sizeof(why)), vmcore_path,
		(ull)h->vmcore_size, total);
	fprintf(stderr, "p2mdump: WARNING: %s\n", h->state == DUMP_IN_PROGRESS ?
		"the capture kernel never wrote its final header;" :
		"the capture kernel stopped before the last page;");
	fprintf(stderr, "p2mdump: WARNING: memory past byte %llu of the vmcore was not saved,\n",
		(ull)h->vmcore_size);
	fprintf(stderr, "p2mdump: WARNING: and crash or gdb will find it missing.\n");
	fprintf(stderr, "p2mdump: WARNING: %s\n", bar);
}

/* Parses save's options and operands; 0, or an exit status (+ 100 for a
 * --help that succeeded). */
static int parse_args(int argc, char **argv, bool *force, bool *clear,
		      const char **dev, const char **outdir)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "clear", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			*force = true;
			break;
		case 'c':
			*clear = true;
			break;
		case 'h':
			save_usage(stdout);
			return 100;
		default:
			cli_err("save: unknown option %s", argv[optind - 1]);
			save_usage(stderr);
			return P2MDUMP_EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !argv[optind][0] || !argv[optind + 1][0]) {
		cli_err("save needs a DEVICE-OR-IMAGE and an OUTDIR");
		save_usage(stderr);
		return P2MDUMP_EXIT_USAGE;
	}
	*dev = argv[optind];
	*outdir = argv[optind + 1];
	return 0;
}

/* Copies the vmcore into @o through a temporary file renamed to
 * @path (over an existing one only with @force); 0 or an exit status. */
static int save_vmcore(const struct dumpdisk *d, const struct outdir *o,
		       const char *path, bool force, struct copy_result *r)
{
	struct outfile f;
	int ret = outfile_create(&f, o, "vmcore");

	if (ret)
		return ret;
	ret = copy_vmcore(d, f.fd, path, r);
	if (ret) {
		outfile_abort(&f);
		return ret;
	}
	return outfile_commit(&f, force);
}

/* Writes dump-info.txt into @o the same way, replacing an old one; 0 or
 * an exit status. */
static int save_info(const struct dumpdisk *d, const struct outdir *o,
		     const char *path, const struct copy_result *r)
{
	struct outfile f;
	int ret = outfile_create(&f, o, "dump-info.txt");

	if (ret)
		return ret;
	ret = write_info(f.fd, path, d, r);
	if (ret) {
		outfile_abort(&f);
		return ret;
	}
	return outfile_commit(&f, true);
}

/* Opens @outdir and checks both outputs may be written there; 0 or an
 * exit status. */
static int prepare(struct outdir *o, const struct dumpdisk *d,
		   const char *outdir, bool force)
{
	int ret = outdir_open(o, outdir);

	if (!ret)
		ret = outdir_check(o, "vmcore", &d->st, force);
	if (!ret)
		ret = outdir_check(o, "dump-info.txt", &d->st, true);
	return ret;
}

/* After a save that copied all there is: marks the header saved (a
 * version 1 header becomes version 2 for that) and, with @clear, cleared;
 * the first save's time is kept.  0, or an exit status: a mark that
 * fails is a warning, a clear that fails an error. */
static int mark_saved(const struct dumpdisk *d, bool clear)
{
	struct dumpdisk_header h = d->h;
	char when[DUMPDISK_TIME_LEN];

	if (h.saved_time && !clear)
		return 0;
	h.version = DUMPDISK_VERSION;
	h.header_size = sizeof(h);
	if (!h.saved_time)
		h.saved_time = (uint64_t)time(NULL);
	if (clear)
		h.state = DUMP_CLEARED;
	if (dumpdisk_update(d, &h)) {
		if (clear)
			return P2MDUMP_EXIT_ERROR;
		cli_warn("the dump is saved but %s does not say so: the next p2mdump load on it refuses without --discard-dump",
			 d->path);
		return 0;
	}
	if (clear)
		printf("Cleared the dump header of %s (saved %s): a later save finds no dump there.\n",
		       d->path, dumpdisk_time(h.saved_time, when));
	return 0;
}

/* Saves the vmcore and dump-info.txt of @d in @o and reports, then marks
 * the dump saved (and, with @clear, cleared); 0 or an exit status.
 * Fills @r. */
static int save_files(const struct dumpdisk *d, const struct outdir *o,
		      const char *vmcore_path, const char *info_path,
		      bool force, bool clear, struct copy_result *r)
{
	int ret = save_vmcore(d, o, vmcore_path, force, r);

	if (ret)
		return ret;
	r->digest_checked = d->h.state != DUMP_IN_PROGRESS;
	r->digest_ok = r->digest == d->h.digest;
	ret = save_info(d, o, info_path, r);
	if (!ret)
		ret = outdir_sync(o);
	if (ret)
		return ret;
	print_summary(d, vmcore_path, info_path, r);
	if (d->h.state != DUMP_COMPLETE) {
		warn_incomplete(d, vmcore_path);
		ret = P2MDUMP_EXIT_INCOMPLETE;
	}
	if (r->digest_checked && !r->digest_ok) {
		cli_err("vmcore digest mismatch: the dump disk is corrupted");
		cli_err("the header says 0x%016llx, the vmcore sums to 0x%016llx; %s is kept for inspection",
			(ull)d->h.digest, (ull)r->digest, vmcore_path);
		return P2MDUMP_EXIT_ERROR;	/* not saved: not marked */
	}
	return mark_saved(d, clear) ? P2MDUMP_EXIT_ERROR : ret;
}

/* Copies the dump and writes dump-info.txt into @outdir, refusing
 * anything that would overwrite or expose what it should not; 0 or an
 * exit status.  Fills @r. */
static int save_to(const struct dumpdisk *d, const char *outdir, bool force,
		   bool clear, struct copy_result *r)
{
	struct outdir o;
	char *vmcore_path = NULL, *info_path = NULL;
	int ret = prepare(&o, d, outdir, force);

	if (!ret) {
		vmcore_path = outdir_path(&o, "vmcore");
		info_path = outdir_path(&o, "dump-info.txt");
		if (!vmcore_path || !info_path) {
			cli_err("out of memory");
			ret = P2MDUMP_EXIT_ERROR;
		}
	}
	if (!ret)
		ret = save_files(d, &o, vmcore_path, info_path, force, clear,
				 r);
	outdir_close(&o);
	free(vmcore_path);
	free(info_path);
	return ret;
}

/* Refuses a header that holds no dump: armed by load and never written
 * since (the capture kernel failed before its first header, or never
 * ran), or cleared by an earlier save --clear; 0 or an exit status. */
static int no_dump(const struct dumpdisk *d)
{
	const struct dumpdisk_header *h = &d->h;
	char t1[DUMPDISK_TIME_LEN], t2[DUMPDISK_TIME_LEN];

	if (h->state == DUMP_ARMED) {
		cli_err("%s: no dump was written after load at %s, nonce %016llx",
			d->path, dumpdisk_time(h->load_time, t1),
			(ull)h->nonce);
		return P2MDUMP_EXIT_NO_DUMP;
	}
	if (h->state == DUMP_CLEARED) {
		cli_err("%s: no dump: the last one (nonce %016llx, crashed at %s) was saved at %s and cleared",
			d->path, (ull)h->nonce, dumpdisk_time(h->crash_time, t1),
			dumpdisk_time(h->saved_time, t2));
		return P2MDUMP_EXIT_NO_DUMP;
	}
	return 0;
}

int cmd_save(int argc, char **argv)
{
	struct copy_result r = { 0 };
	const char *dev = NULL, *outdir = NULL;
	struct dumpdisk d;
	bool force = false, clear = false;
	int ret;

	ret = parse_args(argc, argv, &force, &clear, &dev, &outdir);
	if (ret)
		return ret == 100 ? P2MDUMP_EXIT_OK : ret;
	ret = dumpdisk_open(&d, dev);
	if (ret && d.empty)
		ret = P2MDUMP_EXIT_NO_DUMP;	/* never armed: nothing to save */
	if (!ret) {
		ret = no_dump(&d);
		if (!ret)
			ret = save_to(&d, outdir, force, clear, &r);
		dumpdisk_close(&d);
	}
	if (fflush(stdout) && !ret) {
		cli_err("cannot write the summary: %s", strerror(errno));
		ret = P2MDUMP_EXIT_ERROR;
	}
	return ret;
}
