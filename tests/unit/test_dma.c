// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for capture/dma.c, the DMA scatter-list builder.  The
 * test links its own virt_to_maddr() (arch/i386/pgtable.h), backed by a
 * seeded p2m in which most neighbouring pfns are far apart in machine
 * memory and some runs are machine-adjacent.  The vaddrs handed to
 * sg_add_buffer() are the capture kernel's (__va(paddr)); they are only
 * translated, never dereferenced.
 *
 * Each list is checked against the byte-by-byte translation of the
 * buffer: every byte covered once and in order, each entry machine-
 * contiguous, no entry over its limit, and no two neighbours that the
 * merge rule would have joined; and against the capacity.
 */
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "capture/dma.h"
#include "arch/i386/pgtable.h"

#define NR_PFNS		64
#define MAX_SG		(NR_PFNS * 8 + 8)
#define NR_SEEDS	8
#define CASES		200

static uint64_t p2m[NR_PFNS];
static unsigned int translations, bad_translations;

/* The test's p2m lookup: what dma.c calls for each page of a buffer. */
uint64_t virt_to_maddr(const void *vaddr)
{
	uint32_t paddr = __pa(vaddr);
	uint32_t pfn = paddr_to_pfn(paddr);

	translations++;
	if (pfn >= NR_PFNS) {
		bad_translations++;
		return MFN_INVALID;
	}
	return mfn_to_maddr(p2m[pfn]) + (paddr - pfn_to_paddr(pfn));
}

/* The machine address of byte @paddr of our memory, computed here. */
static uint64_t ref_maddr(uint32_t paddr)
{
	uint32_t pfn = paddr_to_pfn(paddr);

	return mfn_to_maddr(p2m[pfn]) + (paddr - pfn_to_paddr(pfn));
}

/*
 * Fills p2m[] with distinct mfns, below and above 2^31 at random; about
 * one pfn in four continues its predecessor's mfn + 1, so some runs are
 * machine-adjacent.
 */
static void random_p2m(struct rng *r)
{
	uint64_t next = 0x100000 + rng_below(r, 0x1000);
	uint32_t pfn;

	for (pfn = 0; pfn < NR_PFNS; pfn++) {
		if (pfn && rng_below(r, 4) == 0) {
			p2m[pfn] = p2m[pfn - 1] + 1;
			next++;
			continue;
		}
		/* Going up with gaps keeps the mfns distinct. */
		next += 2 + rng_below(r, 0x10000);
		p2m[pfn] = rng_below(r, 2) ? next : 0x80000000ull + next;
		next++;
	}
}

/* A list of @max entries over @e, merging up to @max_len. */
static void sg_setup(struct sg_list *sg, struct sg_entry *e, uint32_t max,
		     uint32_t max_len)
{
	memset(e, 0xa5, MAX_SG * sizeof(*e));
	sg->e = e;
	sg->n = 0;
	sg->max = max;
	sg->max_len = max_len;
}

/*
 * The list dma.c should build for [paddr, paddr + len) of our memory,
 * appended to @ref/@n by this test's own greedy merge: page pieces in
 * order, each joined to the previous entry if machine-adjacent and the
 * sum is within @max_len.
 */
static void ref_list(uint32_t paddr, uint32_t len, uint32_t max_len,
		     struct sg_entry *ref, uint32_t *n)
{
	while (len) {
		uint32_t chunk = PAGE_SIZE - paddr % PAGE_SIZE;
		uint64_t m = ref_maddr(paddr);
		struct sg_entry *last = *n ? &ref[*n - 1] : NULL;

		if (chunk > len)
			chunk = len;
		if (last && last->maddr + last->len == m &&
		    (uint64_t)last->len + chunk <= max_len) {
			last->len += chunk;
		} else {
			ref[*n].maddr = m;
			ref[*n].len = chunk;
			(*n)++;
		}
		paddr += chunk;
		len -= chunk;
	}
}

/*
 * Checks entries [0, n) of @sg against the buffer [paddr, paddr + len)
 * byte by byte; @complete: they must cover all of it.  0 if right.
 */
static int check_cover(const struct sg_list *sg, uint32_t paddr, uint32_t len,
		       int complete)
{
	uint32_t i, k, pos = 0;

	for (i = 0; i < sg->n; i++) {
		const struct sg_entry *e = &sg->e[i];

		if (e->len == 0 || pos + e->len > len)
			return -1;
		for (k = 0; k < e->len; k++)
			if (e->maddr + k != ref_maddr(paddr + pos + k))
				return -1;
		pos += e->len;
	}
	return complete && pos != len ? -1 : 0;
}

/* 0 if no entry exceeds its limit and no neighbours should have merged. */
static int check_shape(const struct sg_list *sg)
{
	uint32_t i, limit = sg->max_len > PAGE_SIZE ? sg->max_len : PAGE_SIZE;

	for (i = 0; i < sg->n; i++) {
		const struct sg_entry *e = &sg->e[i];

		if (e->len > limit)
			return -1;
		if (sg->max_len == 0 && e->maddr / PAGE_SIZE !=
		    (e->maddr + e->len - 1) / PAGE_SIZE)
			return -1;
		if (i && sg->e[i - 1].maddr + sg->e[i - 1].len == e->maddr &&
		    (uint64_t)sg->e[i - 1].len + e->len <= sg->max_len)
			return -1;
	}
	return 0;
}

/* True if entries [0, n) of @a and @b are equal (padding aside). */
static int same_entries(const struct sg_entry *a, const struct sg_entry *b,
			uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (a[i].maddr != b[i].maddr || a[i].len != b[i].len)
			return 0;
	return 1;
}

/* Builds one random buffer's list and checks it every way. */
static void one_case(struct rng *r, unsigned int seed_no, unsigned int c,
		     int *bad)
{
	static const uint32_t lens[] = { 0, 512, PAGE_SIZE, 2 * PAGE_SIZE, 16 * PAGE_SIZE,
					 1u << 20 };
	static struct sg_entry e[MAX_SG], ref[MAX_SG];
	uint32_t paddr = (uint32_t)rng_below(r, NR_PFNS * PAGE_SIZE);
	uint32_t room = NR_PFNS * PAGE_SIZE - paddr;
	uint32_t len, max_len, max, nref = 0;
	struct sg_list sg;
	int ret, want;

	switch (rng_below(r, 3)) {
	case 0:
		len = (uint32_t)rng_range(r, 1, room < 64 ? room : 64);
		break;
	case 1:
		len = (uint32_t)rng_range(r, 1, room < 3 * PAGE_SIZE ? room : 3 * PAGE_SIZE);
		break;
	default:
		len = (uint32_t)rng_range(r, 1, room);
	}
	max_len = lens[rng_below(r, 6)];
	ref_list(paddr, len, max_len, ref, &nref);
	max = (uint32_t)rng_range(r, 1, nref + 2);
	sg_setup(&sg, e, max, max_len);
	ret = sg_add_buffer(&sg, __va(paddr), len);
	want = nref > max ? -1 : 0;
	if (ret != want || sg.n != (want ? max : nref) ||
	    !same_entries(e, ref, sg.n) ||
	    check_cover(&sg, paddr, len, !want) || check_shape(&sg)) {
		if (!*bad)
			printf("seed #%u case %u: paddr %#x len %u max_len %u "
			       "max %u: ret %d n %u, want %d n %u\n", seed_no,
			       c, paddr, len, max_len, max, ret, sg.n, want,
			       nref);
		(*bad)++;
	}
}

/* Many random buffers, lengths, merge limits and capacities. */
static void test_random(struct rng *r, unsigned int seed_no)
{
	int bad = 0;
	unsigned int c;

	random_p2m(r);
	bad_translations = 0;
	for (c = 0; c < CASES; c++)
		one_case(r, seed_no, c, &bad);
	CHECK(bad == 0, "random #%u: %u buffers match the p2m, byte for byte",
	      seed_no, CASES);
	CHECK(bad_translations == 0,
	      "random #%u: only pfns inside the buffers are translated",
	      seed_no);
}

/* A fixed p2m for the hand-written cases: 10 and 11 are adjacent. */
static void fixed_p2m(void)
{
	uint32_t pfn;

	for (pfn = 0; pfn < NR_PFNS; pfn++)
		p2m[pfn] = 0x1000 + 7 * pfn;
	p2m[11] = p2m[10] + 1;
	p2m[12] = 0x40000000ull;	/* above 4 GiB of machine memory */
}

/* Two pages apart in machine memory: split exactly at the page boundary. */
static void test_split(void)
{
	struct sg_entry e[MAX_SG];
	struct sg_list sg;
	int ret;

	fixed_p2m();
	sg_setup(&sg, e, 8, 1u << 20);
	translations = 0;
	ret = sg_add_buffer(&sg, __va(pfn_to_paddr(3) + 0xf00), 0x300);
	CHECK(ret == 0 && sg.n == 2, "split: 0x300 bytes over two pages make two entries");
	CHECK(e[0].maddr == mfn_to_maddr(p2m[3]) + 0xf00 && e[0].len == 0x100,
	      "split: head is the last 0x100 bytes of pfn 3's mfn");
	CHECK(e[1].maddr == mfn_to_maddr(p2m[4]) && e[1].len == 0x200,
	      "split: tail is the first 0x200 bytes of pfn 4's mfn");
	CHECK(translations == 2, "split: one translation per page touched");

	sg_setup(&sg, e, 8, 1u << 20);
	ret = sg_add_buffer(&sg, __va(pfn_to_paddr(12) + 8), 16);
	CHECK(ret == 0 && sg.n == 1 && e[0].maddr == 0x40000000000ull + 8,
	      "split: a machine address above 4 GiB is kept whole (%llx)",
	      (unsigned long long)e[0].maddr);

	sg_setup(&sg, e, 8, 1u << 20);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(5)), 0) == 0 && sg.n == 0,
	      "split: an empty buffer adds nothing");
}

/* Machine-adjacent pages merge, up to max_len; 0 merges nothing. */
static void test_merge(void)
{
	struct sg_entry e[MAX_SG];
	struct sg_list sg;

	fixed_p2m();
	sg_setup(&sg, e, 8, 1u << 20);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(10)), 2 * PAGE_SIZE) == 0 &&
	      sg.n == 1 && e[0].maddr == mfn_to_maddr(p2m[10]) &&
	      e[0].len == 2 * PAGE_SIZE,
	      "merge: pfns 10 and 11 (adjacent mfns) make one 8 KiB entry");

	sg_setup(&sg, e, 8, PAGE_SIZE);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(10)), 2 * PAGE_SIZE) == 0 &&
	      sg.n == 2 && e[0].len == PAGE_SIZE && e[1].len == PAGE_SIZE,
	      "merge: max_len = a page keeps them apart");

	sg_setup(&sg, e, 8, PAGE_SIZE);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(10) + 0x800), PAGE_SIZE) == 0 &&
	      sg.n == 1 && e[0].len == PAGE_SIZE &&
	      e[0].maddr == mfn_to_maddr(p2m[10]) + 0x800,
	      "merge: two half pages join up to exactly max_len");

	sg_setup(&sg, e, 8, 0);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(10) + 0x800), PAGE_SIZE) == 0 &&
	      sg.n == 2 && e[0].len == 0x800 && e[1].len == 0x800,
	      "merge: max_len 0 never merges (dma.h says \"0: a page\")");

	sg_setup(&sg, e, 8, 1u << 20);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(20)), 100) == 0 &&
	      sg_add_buffer(&sg, __va(pfn_to_paddr(20) + 100), 200) == 0 &&
	      sg.n == 1 && e[0].len == 300,
	      "merge: a second buffer continuing the first joins it");
}

/* sg_add_maddr(): oldmem by machine address, merged like the rest. */
static void test_maddr(void)
{
	struct sg_entry e[MAX_SG];
	struct sg_list sg;

	fixed_p2m();
	sg_setup(&sg, e, 4, 1u << 20);
	CHECK(sg_add_maddr(&sg, 0x123456789000ull, PAGE_SIZE) == 0 &&
	      sg_add_maddr(&sg, 0x12345678a000ull, 0x10) == 0 &&
	      sg.n == 1 && e[0].maddr == 0x123456789000ull &&
	      e[0].len == PAGE_SIZE + 0x10,
	      "maddr: adjacent oldmem pieces merge, 64-bit address kept");
	CHECK(sg_add_maddr(&sg, 0x12345678b000ull, 0x10) == 0 && sg.n == 2,
	      "maddr: a gap starts a new entry");
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(7)), 0x20) == 0 &&
	      sg_add_maddr(&sg, mfn_to_maddr(p2m[7]) + 0x20, 0x20) == 0 &&
	      sg.n == 3 && e[2].len == 0x40,
	      "maddr: oldmem right after one of our buffers joins its entry");
	sg_setup(&sg, e, 4, 0x100);
	CHECK(sg_add_maddr(&sg, 0x5000, 0x80) == 0 &&
	      sg_add_maddr(&sg, 0x5080, 0x81) == 0 && sg.n == 2,
	      "maddr: a merge one byte over max_len is refused");
}

/* The capacity: -1 exactly when a new entry would not fit. */
static void test_capacity(void)
{
	struct sg_entry e[MAX_SG];
	struct sg_list sg;

	fixed_p2m();
	sg_setup(&sg, e, 3, 1u << 20);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(0)), 3 * PAGE_SIZE) == 0 &&
	      sg.n == 3, "capacity: three scattered pages fill three entries");
	CHECK(sg_add_maddr(&sg, mfn_to_maddr(p2m[2]) + PAGE_SIZE, 0x10) == 0 &&
	      sg.n == 3 && e[2].len == PAGE_SIZE + 0x10,
	      "capacity: a full list still merges an adjacent piece");
	CHECK(sg_add_maddr(&sg, 0x99999000ull, 0x10) == -1 && sg.n == 3,
	      "capacity: a full list refuses a new entry");

	sg_setup(&sg, e, 2, 1u << 20);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(0) + 0x10), 3 * PAGE_SIZE) == -1 &&
	      sg.n == 2 && e[1].maddr == mfn_to_maddr(p2m[1]) &&
	      e[1].len == PAGE_SIZE && e[2].maddr == 0xa5a5a5a5a5a5a5a5ull,
	      "capacity: an overflowing buffer stops at max, writing nothing past it");

	sg_setup(&sg, e, 2, 1u << 20);
	CHECK(sg_add_buffer(&sg, __va(pfn_to_paddr(9)), 3 * PAGE_SIZE) == 0 &&
	      sg.n == 2, "capacity: pfns 9, 10+11 (merged) fit in two entries");
}

int main(void)
{
	uint64_t seed;
	struct rng r;
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines survive a crash */
	seed = check_seed(20240807);
	test_split();
	test_merge();
	test_maddr();
	test_capacity();
	for (i = 0; i < NR_SEEDS; i++) {
		printf("seed %llu\n", (unsigned long long)(seed + i));
		rng_init(&r, seed + i);
		test_random(&r, i);
	}
	return check_exit();
}
