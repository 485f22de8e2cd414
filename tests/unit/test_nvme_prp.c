// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for capture/nvme_prp.c: scatter lists cut into NVMe
 * commands with PRPs.  Seeded random lists over a fake machine memory
 * (entries of any alignment: mid-page starts and ends, multi-page runs,
 * addresses off a dword) are cut with random MDTS limits; a model of the
 * controller then reads each command by its PRP1/PRP2/PRP list exactly
 * as the spec says (and checks every rule: PRP1 dword-aligned, every
 * other entry page-aligned, a list only past two pages, whole LBAs, at
 * most MDTS), bounced LBAs from their copy, and the bytes must be the
 * list's stream, in order.  Lists that obey the PRP rules throughout go
 * out in the fewest commands MDTS allows, with no bounce.
 */
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "capture/nvme_prp.h"

#define MEM_PAGES	512u
#define MEM_BASE	0x123400000000ull	/* fake maddrs above 4 GiB */
#define LIST_MADDR	0x5a5a000ull		/* where the list "is" */
#define MAX_SG		96
#define STREAM_MAX	(MAX_SG * 3 * PRP_PAGE)

static uint8_t mem[MEM_PAGES * PRP_PAGE];
static uint8_t want[STREAM_MAX], got[STREAM_MAX];
static struct sg_entry room[MAX_SG];
static uint64_t list[PRP_LIST_ENTRIES];
static uint8_t bounce_buf[PRP_LBA];

/* The fake memory behind machine address @maddr. */
static const uint8_t *at(uint64_t maddr)
{
	return mem + (maddr - MEM_BASE);
}

/* prp_copy_fn into bounce_buf. */
static void copy(void *ctx, uint32_t off, uint64_t maddr, uint32_t len)
{
	(void)ctx;
	memcpy(bounce_buf + off, at(maddr), len);
}

/* The controller model: reads command @c (its list in list[]) into
 * got[@pos...]; 0, or -1 on a broken rule. */
static int device_read(const struct prp_cmd *c, uint32_t max_bytes,
		       uint32_t pos)
{
	uint32_t first = PRP_PAGE - (uint32_t)(c->prp1 & (PRP_PAGE - 1));
	uint32_t left = c->bytes, need, k;

	if (!c->bytes || c->bytes % PRP_LBA || c->bytes > max_bytes ||
	    (c->prp1 & 3))
		return -1;
	if (first > left)
		first = left;
	memcpy(got + pos, at(c->prp1), first);
	pos += first;
	left -= first;
	need = (left + PRP_PAGE - 1) / PRP_PAGE;
	if ((need == 0 && (c->prp2 || c->nr_list)) ||
	    (need == 1 && c->nr_list) ||
	    (need > 1 && (c->prp2 != LIST_MADDR || c->nr_list != need ||
			  need > PRP_LIST_ENTRIES)))
		return -1;
	for (k = 0; k < need; k++) {
		uint64_t page = need == 1 ? c->prp2 : list[k];
		uint32_t n = left < PRP_PAGE ? left : PRP_PAGE;

		if (page & (PRP_PAGE - 1))
			return -1;
		memcpy(got + pos, at(page), n);
		pos += n;
		left -= n;
	}
	return 0;
}

/* One entry at a random place: page-shaped (whole pages, the first
 * entry from a dword-aligned start to a page end); if @ragged, sometimes
 * any start and length, rarely a start off a dword.  Its length. */
static uint32_t random_entry(struct rng *r, struct sg_entry *e, int first,
			     int ragged)
{
	uint64_t page = rng_below(r, MEM_PAGES - 4);
	uint32_t off = 0, len = PRP_PAGE * (uint32_t)rng_range(r, 1, 3);

	if ((first || ragged) && rng_below(r, 3) == 0) {
		off = (uint32_t)rng_below(r, PRP_PAGE / 4) * 4;
		len -= off;
	}
	if (ragged && rng_below(r, 5) == 0)
		len = (uint32_t)rng_range(r, 1, 2 * PRP_PAGE);
	if (ragged && rng_below(r, 20) == 0)
		off |= (uint32_t)rng_range(r, 1, 3);
	e->maddr = MEM_BASE + page * PRP_PAGE + off;
	e->len = len;
	return len;
}

/* A random list of whole LBAs into @sg (its last entry grown to make
 * them whole) and its stream into want[]. */
static uint32_t random_list(struct rng *r, struct sg_list *sg, int ragged)
{
	uint32_t total = 0, i, pad;

	sg->e = room;
	sg->max = MAX_SG;
	sg->n = (uint32_t)rng_range(r, 1, MAX_SG);
	for (i = 0; i < sg->n; i++)
		total += random_entry(r, &room[i], i == 0, ragged);
	pad = (PRP_LBA - total % PRP_LBA) % PRP_LBA;
	room[sg->n - 1].len += pad;	/* MEM_PAGES - 4: room to grow */
	for (i = 0, total = 0; i < sg->n; total += room[i++].len)
		memcpy(want + total, at(room[i].maddr), room[i].len);
	return total;
}

/* Cuts @sg with @max_bytes through the model; commands and bounces in
 * *@cmds, *@bounces.  0 if every rule held and got[] == want[]. */
static int cut(const struct sg_list *sg, uint32_t total, uint32_t max_bytes,
	       uint32_t *cmds, uint32_t *bounces)
{
	struct prp_cursor cur = { 0, 0 };
	struct prp_cmd c;
	uint32_t pos = 0;
	int rc;

	*cmds = *bounces = 0;
	memset(got, 0xee, total);
	while (!prp_done(sg, &cur)) {
		rc = prp_next(sg, &cur, max_bytes, list, LIST_MADDR, &c);
		if (rc == PRP_BOUNCE) {
			if (prp_bounce(sg, &cur, copy, NULL) < 0)
				return -1;
			memcpy(got + pos, bounce_buf, PRP_LBA);
			pos += PRP_LBA;
			++*bounces;
			continue;
		}
		if (rc < 0 || device_read(&c, max_bytes, pos) < 0)
			return -1;
		pos += c.bytes;
		++*cmds;
	}
	return pos == total && !memcmp(got, want, total) ? 0 : -1;
}

/* A random MDTS limit: one page up to the one-list maximum. */
static uint32_t random_max(struct rng *r)
{
	static const uint32_t maxes[] = { PRP_PAGE, 2 * PRP_PAGE, 32 * PRP_PAGE,
					  128 * PRP_PAGE, PRP_MAX_BYTES };

	return maxes[rng_below(r, sizeof(maxes) / sizeof(maxes[0]))];
}

/* Ragged lists: every byte arrives, every command obeys the rules. */
static void test_ragged(struct rng *r)
{
	struct sg_list sg;
	uint32_t k, bad = 0, cmds, bounces, total_bounces = 0, first_bad = 0;

	for (k = 0; k < 3000; k++) {
		uint32_t total = random_list(r, &sg, 1);

		if (cut(&sg, total, random_max(r), &cmds, &bounces) < 0 && !bad++)
			first_bad = k;
		total_bounces += bounces;
	}
	CHECK(bad == 0, "ragged: 3000 random lists read back by the PRP model "
	      "(%u bad, first case %u)", bad, first_bad);
	CHECK(total_bounces > 0, "ragged: some LBAs bounced (%u)", total_bounces);
}

/* Lists whose inner entries start and end on pages: the fewest commands
 * MDTS allows, no bounce. */
static void test_page_shaped(struct rng *r)
{
	struct sg_list sg;
	uint32_t k, bad = 0, cmds, bounces;

	for (k = 0; k < 2000; k++) {
		uint32_t total = random_list(r, &sg, 0), max = random_max(r);

		bad += cut(&sg, total, max, &cmds, &bounces) < 0 ||
		       bounces != 0 || cmds != (total + max - 1) / max;
	}
	CHECK(bad == 0, "page-shaped: 2000 lists in ceil(bytes / MDTS) "
	      "commands, none bounced (%u bad)", bad);
}

/* A stream that is not whole LBAs: the tail is refused, not sent. */
static void test_partial_lba(void)
{
	struct sg_entry e[2] = { { MEM_BASE, PRP_PAGE }, { MEM_BASE + 8 * PRP_PAGE, 100 } };
	struct sg_list sg = { e, 2, 2, 0 };
	struct prp_cursor cur = { 0, 0 };
	struct prp_cmd c;

	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) == 0 &&
	      c.bytes == PRP_PAGE && cur.i == 1 && cur.skip == 0,
	      "partial LBA: the whole page goes first");
	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) == -1,
	      "partial LBA: 100 bytes left are refused by prp_next");
	CHECK(prp_bounce(&sg, &cur, copy, NULL) == -1 && cur.i == 1,
	      "partial LBA: and by prp_bounce, the cursor unmoved");
}

/* Hand-made shapes: the PRP2 forms and the bounce of a mid-LBA break. */
static void test_shapes(void)
{
	struct sg_entry e[3];
	struct sg_list sg = { e, 0, 3, 0 };
	struct prp_cursor cur = { 0, 0 };
	struct prp_cmd c;

	e[0] = (struct sg_entry){ MEM_BASE + 0x200, PRP_PAGE - 0x200 };
	sg.n = 1;
	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) == 0 &&
	      c.prp1 == MEM_BASE + 0x200 && c.prp2 == 0 && c.nr_list == 0,
	      "shapes: one page from mid-page: PRP1 only");
	e[1] = (struct sg_entry){ MEM_BASE + 7 * PRP_PAGE, PRP_PAGE };
	sg.n = 2;
	cur = (struct prp_cursor){ 0, 0 };
	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) == 0 &&
	      c.prp2 == MEM_BASE + 7 * PRP_PAGE && c.nr_list == 0 &&
	      c.bytes == 2 * PRP_PAGE - 0x200,
	      "shapes: two pages: PRP2 is the second page");
	e[2] = (struct sg_entry){ MEM_BASE + 3 * PRP_PAGE, PRP_PAGE };
	sg.n = 3;
	cur = (struct prp_cursor){ 0, 0 };
	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) == 0 &&
	      c.prp2 == LIST_MADDR && c.nr_list == 2 &&
	      list[0] == MEM_BASE + 7 * PRP_PAGE && list[1] == MEM_BASE + 3 * PRP_PAGE,
	      "shapes: three pages: PRP2 points at a list of two");
	/* 0x300 bytes ending mid-page, then a page: the break is inside
	 * LBA 1 (bytes 512..1023). */
	e[0] = (struct sg_entry){ MEM_BASE, 0x300 };
	e[1] = (struct sg_entry){ MEM_BASE + 5 * PRP_PAGE, PRP_PAGE - 0x100 };
	sg.n = 2;
	cur = (struct prp_cursor){ 0, 0 };
	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) == 0 &&
	      c.bytes == PRP_LBA && cur.i == 0 && cur.skip == PRP_LBA,
	      "shapes: a break inside LBA 1: LBA 0 goes alone");
	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) ==
	      PRP_BOUNCE && cur.skip == PRP_LBA,
	      "shapes: then LBA 1 must bounce, the cursor unmoved");
	CHECK(prp_bounce(&sg, &cur, copy, NULL) == 0 && cur.i == 1 &&
	      cur.skip == 0x100 &&
	      !memcmp(bounce_buf, at(MEM_BASE + PRP_LBA), 0x100) &&
	      !memcmp(bounce_buf + 0x100, at(MEM_BASE + 5 * PRP_PAGE), 0x100),
	      "shapes: the bounce copies both sides of the break");
	CHECK(prp_next(&sg, &cur, PRP_MAX_BYTES, list, LIST_MADDR, &c) == 0 &&
	      c.prp1 == MEM_BASE + 5 * PRP_PAGE + 0x100 &&
	      c.bytes == PRP_PAGE - 0x200 && prp_done(&sg, &cur),
	      "shapes: the rest goes from mid-page by PRP1");
}

int main(int argc, char **argv)
{
	uint64_t seed, i;
	struct rng fill;

	check_args(argc, argv);
	seed = check_seed(20261202);
	rng_init(&fill, 1);
	for (i = 0; i < sizeof(mem); i++)
		mem[i] = (uint8_t)rng_next(&fill);
	RUN_GROUP("shapes", test_shapes());
	RUN_GROUP("partial-lba", test_partial_lba());
	RUN_GROUP("ragged", test_ragged(rng_fresh(seed)));
	RUN_GROUP("page-shaped", test_page_shaped(rng_fresh(seed + 1)));
	return check_exit();
}
