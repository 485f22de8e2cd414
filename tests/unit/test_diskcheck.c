// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for capture/diskcheck.c: the capture kernel's check
 * that the disk at disk= is the armed one (disk_id=, disk_sectors=,
 * disk_serial=, disk_nsid=), and cmdline_u64() which reads the sector count.  Each
 * mismatch names its own word; a malformed value never matches.
 */
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "capture/cmdline.h"
#include "capture/diskcheck.h"

/* The disk of these tests: 1af4:1001, 2 TiB + 1 sector, "p2m-guest". */
static const struct disk_facts disk = {
	0x1af4, 0x1001, (1ull << 32) + 1, "p2m-guest", 0, 0, 0
};

/* An NVMe disk: 1b36:0010, namespace 2 opened and active, "nvme-1". */
static const struct disk_facts nvme = {
	0x1b36, 0x0010, 2097152, "nvme-1", 1, 2, 1
};


/* diskcheck_mismatch() of @f on @line: @want (NULL: a match). */
static void facts_case(const struct disk_facts *f, const char *line,
		       const char *want)
{
	const char *got;

	cmdline_init(line);
	got = diskcheck_mismatch(f);
	CHECK(want ? got && !strcmp(got, want) : !got,
	      "\"%s\": %s (got %s)", line, want ? want : "match",
	      got ? got : "match");
}

/* The virtio-blk disk on @line: @want (NULL: a match). */
static void line_case(const char *line, const char *want)
{
	facts_case(&disk, line, want);
}

/* A line that matches, and lines with only the required word. */
static void test_match(void)
{
	line_case("disk=00:05.0 disk_id=1af4:1001 disk_sectors=4294967297 "
		  "disk_serial=7032 6d2d6775657374", "disk_serial");
	line_case("disk=00:05.0 disk_id=1af4:1001 disk_sectors=4294967297 "
		  "disk_serial=70326d2d6775657374", NULL);
	line_case("disk_serial=70326D2D6775657374 disk_id=1AF4:1001 "
		  "disk_sectors=0x100000001", NULL);
	line_case("disk_id=1af4:1001", NULL);
	line_case("disk_id=1af4:1001 disk_sectors=4294967297", NULL);
}

/* Each word that does not match, or is missing or malformed. */
static void test_mismatch(void)
{
	line_case("disk=00:05.0", "disk_id");
	line_case("", "disk_id");
	line_case("disk_id=1af4:1042", "disk_id");
	line_case("disk_id=1af5:1001", "disk_id");
	line_case("disk_id=1af4:10010", "disk_id");
	line_case("disk_id=1af4:100", "disk_id");
	line_case("disk_id=1af41001", "disk_id");
	line_case("disk_id=", "disk_id");
	line_case("disk_id disk_sectors=4294967297", "disk_id");
	line_case("disk_id=1af4:1001 disk_sectors=1", "disk_sectors");
	line_case("disk_id=1af4:1001 disk_sectors=4294967296", "disk_sectors");
	line_case("disk_id=1af4:1001 disk_sectors=", "disk_sectors");
	line_case("disk_id=1af4:1001 disk_sectors=4294967297x", "disk_sectors");
	line_case("disk_id=1af4:1001 disk_sectors=99999999999999999999",
		  "disk_sectors");
	line_case("disk_id=1af4:1001 disk_serial=70326d2d67756573", "disk_serial");
	line_case("disk_id=1af4:1001 disk_serial=70326d2d677565737400",
		  "disk_serial");
	line_case("disk_id=1af4:1001 disk_serial=70326d2d677565737", "disk_serial");
	line_case("disk_id=1af4:1001 disk_serial=70326d2d6775657375", "disk_serial");
	line_case("disk_id=1af4:1001 disk_serial=p2m-guest", "disk_serial");
	line_case("disk_id=1af4:1001 disk_serial=", "disk_serial");
}

/* An empty serial: "disk_serial=" matches it, any byte does not. */
static void test_empty_serial(void)
{
	struct disk_facts d = disk;
	const char *got;

	d.serial = "";
	cmdline_init("disk_id=1af4:1001 disk_serial=");
	got = diskcheck_mismatch(&d);
	CHECK(!got, "empty serial: disk_serial= matches (got %s)",
	      got ? got : "match");
	cmdline_init("disk_id=1af4:1001 disk_serial=00");
	got = diskcheck_mismatch(&d);
	CHECK(got && !strcmp(got, "disk_serial"),
	      "empty serial: disk_serial=00 does not match");
}

/* disk_nsid=: required for NVMe and naming the active namespace opened,
 * refused for virtio-blk; the serial trimmed of its blanks matches. */
static void test_nsid(void)
{
	struct disk_facts inactive = nvme;

	facts_case(&nvme, "disk_id=1b36:0010 disk_sectors=2097152 "
		   "disk_serial=6e766d652d31 disk_nsid=2", NULL);
	facts_case(&nvme, "disk_id=1b36:0010 disk_nsid=2", NULL);
	facts_case(&nvme, "disk_id=1b36:0010 disk_nsid=0x2", NULL);
	facts_case(&nvme, "disk_id=1b36:0010", "disk_nsid");
	facts_case(&nvme, "disk_id=1b36:0010 disk_nsid=1", "disk_nsid");
	facts_case(&nvme, "disk_id=1b36:0010 disk_nsid=", "disk_nsid");
	facts_case(&nvme, "disk_id=1b36:0010 disk_nsid=2x", "disk_nsid");
	facts_case(&nvme, "disk_id=1b36:0010 disk_nsid=2 "
		   "disk_serial=6e766d652d3120", "disk_serial");
	facts_case(&nvme, "disk_id=1af4:1001 disk_nsid=2", "disk_id");
	inactive.nsid_active = 0;
	facts_case(&inactive, "disk_id=1b36:0010 disk_nsid=2", "disk_nsid");
	line_case("disk_id=1af4:1001 disk_nsid=1", "disk_nsid");
	line_case("disk_id=1af4:1001 disk_nsid=0", "disk_nsid");
}

/* cmdline_u64(): past 32 bits, the 64-bit limit, and refusals. */
static void test_u64(void)
{
	uint64_t v = 7;

	cmdline_init("n=18446744073709551615 m=18446744073709551616 h=0xffffffffffffffff");
	CHECK(cmdline_u64("n", &v) == 0 && v == UINT64_MAX, "u64: 2^64 - 1");
	v = 7;
	CHECK(cmdline_u64("m", &v) == -1 && v == 7, "u64: 2^64 does not fit");
	CHECK(cmdline_u64("h", &v) == 0 && v == UINT64_MAX, "u64: hex 2^64 - 1");
	v = 7;
	CHECK(cmdline_u64("x", &v) == -1 && v == 7, "u64: absent");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_match();
	test_mismatch();
	test_empty_serial();
	test_nsid();
	test_u64();
	return check_exit();
}
