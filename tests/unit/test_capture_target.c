// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for capture/target.c target_write(): seeded random
 * extent maps (scrambled disk order, gaps, odd sector counts) and random
 * scatter lists (entries of any length, summing to whole sectors) written
 * at random sector offsets.  The test's blkdev_write() copies each request
 * onto a fake disk, taking an entry's "machine address" as a pointer into
 * the source buffer, and checks the request stays inside one extent and
 * never has more entries than the caller's list.  After each write the
 * disk must hold the data at the mapped sectors and be untouched
 * elsewhere; a write reaching past the map, or unaligned, must be refused
 * with no request at all.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "capture/target.h"
#include "lib/extent_map.h"
#include "extents.h"

#define S		DISK_SECTOR_SIZE
#define DISK_SECTORS	4096u
#define MAX_EXT		16
#define MAX_SG		64

static uint8_t disk[DISK_SECTORS * S], want[DISK_SECTORS * S];
static uint8_t src[MAX_SG * 3 * S];
static struct dump_extent map[MAX_EXT];
static struct sg_entry piece_room[MAX_SG], data_room[MAX_SG];
static uint32_t requests, data_n, bad_requests;

/* The fake device: one request, checked against the map, then copied. */
int blkdev_write(struct blkdev *b, uint64_t offset, const struct sg_list *data)
{
	uint64_t len = 0, sector = offset / S;
	uint32_t i, inside = 0;

	(void)b;
	for (i = 0; i < data->n; i++)
		len += data->e[i].len;
	for (i = 0; i < MAX_EXT && map[i].nr_sectors; i++)
		inside |= sector >= map[i].disk_sector &&
			  (offset + len + S - 1) / S <= map[i].disk_sector + map[i].nr_sectors;
	bad_requests += !inside || offset % S || len % S || len == 0 ||
			data->n > data_n || offset + len > sizeof(disk);
	requests++;
	if (offset + len > sizeof(disk))
		return -1;
	for (i = 0; i < data->n; i++) {
		memcpy(disk + offset, (const void *)(uintptr_t)data->e[i].maddr,
		       data->e[i].len);
		offset += data->e[i].len;
	}
	return 0;
}

/* What target.c links but target_write() never calls. */
void *pool_alloc(uint32_t n) { (void)n; abort(); }
void printk(const char *fmt, ...) { (void)fmt; }
void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	abort();
}

/* A scrambled map of @n extents on the fake disk; its total sectors. */
static uint32_t random_map(struct rng *r, uint32_t n)
{
	uint64_t total;

	memset(map, 0, sizeof(map));
	scrambled_extents(r, map, n, DISK_SECTORS / MAX_EXT - 41, 40, &total);
	return (uint32_t)total;
}

/* A scatter list of whole sectors in all, entries of any size. */
static uint64_t random_sg(struct rng *r, struct sg_list *sg, uint32_t sectors)
{
	uint64_t total = (uint64_t)sectors * S, at = 0;

	sg->n = 0;
	while (at < total) {
		uint64_t len = sg->n + 1 == MAX_SG ? total - at :
			       rng_range(r, 1, 2 * S);

		if (len > total - at)
			len = total - at;
		sg->e[sg->n++] = (struct sg_entry){ (uintptr_t)(src + at),
						    (uint32_t)len };
		at += len;
	}
	return total;
}

/* The model: logical byte @off of the data goes to this disk byte. */
static uint64_t model(uint64_t off, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (off / S < map[i].logical_sector + map[i].nr_sectors)
			return map[i].disk_sector * S + off -
			       map[i].logical_sector * S;
	abort();
}

static void test_random(struct rng *r)
{
	struct target t = { 0 };
	struct sg_list sg = { data_room, 0, MAX_SG, 0 };
	uint32_t round, n, total, sectors, bad = 0, writes = 0, refused = 0;
	uint64_t off, len, i;

	t.piece = (struct sg_list){ piece_room, 0, MAX_SG, 0 };
	for (i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)rng_next(r);
	for (round = 0; round < 3000; round++) {
		n = (uint32_t)rng_range(r, 1, MAX_EXT);
		total = random_map(r, n);
		t.map = map;
		t.nr = n;
		t.bytes = (uint64_t)total * S;
		memset(disk, 0xee, sizeof(disk));
		memcpy(want, disk, sizeof(disk));
		sectors = (uint32_t)rng_range(r, 1, MAX_SG * 2);
		off = rng_below(r, total + 8) * S;
		len = random_sg(r, &sg, sectors);
		data_n = sg.n;
		requests = 0;
		if (off + len > t.bytes) {
			refused++;
			bad += target_write(&t, off, &sg) != -1 || requests != 0;
			continue;
		}
		for (i = 0; i < len; i++)
			want[model(off + i, n)] = src[i];
		bad += target_write(&t, off, &sg) != 0 ||
		       memcmp(disk, want, sizeof(disk)) != 0;
		writes++;
	}
	CHECK(bad == 0 && bad_requests == 0 && writes > 1000 && refused > 100,
	      "random: %u writes through scrambled maps land where the map "
	      "says, nothing else changes, each request in one extent with "
	      "no more entries than given; %u past the map refused unwritten",
	      writes, refused);
}

/* A split inside one entry; unaligned offsets and lengths refused. */
static void test_edges(void)
{
	struct target t = { 0 };
	struct sg_list sg = { data_room, 1, MAX_SG, 0 };
	uint32_t i;

	memset(map, 0, sizeof(map));
	map[0] = (struct dump_extent){ 0, 100, 1 };
	map[1] = (struct dump_extent){ 1, 10, 2 };
	t = (struct target){ 0, map, 2, 3 * S, { piece_room, 0, MAX_SG, 0 } };
	for (i = 0; i < 3 * S; i++)
		src[i] = (uint8_t)(i * 7 + 1);
	data_room[0] = (struct sg_entry){ (uintptr_t)src, 3 * S };
	data_n = 1;
	memset(disk, 0, sizeof(disk));
	requests = 0;
	CHECK(target_write(&t, 0, &sg) == 0 && requests == 2 &&
	      !memcmp(disk + 100 * S, src, S) &&
	      !memcmp(disk + 10 * S, src + S, 2 * S),
	      "edges: one 1536-byte entry over two extents: two requests, "
	      "the entry split at byte 512");
	requests = 0;
	data_room[0].len = S;
	CHECK(target_write(&t, 3 * S, &sg) == -1 && requests == 0,
	      "edges: a sector at the map's end is refused, nothing written");
	CHECK(target_write(&t, 100, &sg) == -1 && requests == 0,
	      "edges: an offset inside a sector is refused");
	data_room[0].len = 100;
	CHECK(target_write(&t, 0, &sg) == -1 && requests == 0,
	      "edges: a length of part of a sector is refused");
	CHECK(target_write(&t, ~0ull - S + 1, &sg) == -1 && requests == 0,
	      "edges: an offset near 2^64 is refused (no wrap)");
}

int main(int argc, char **argv)
{
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20261202);
	RUN_GROUP("edges", test_edges());
	RUN_GROUP("random", test_random(rng_fresh(seed)));
	return check_exit();
}
