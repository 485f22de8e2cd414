// SPDX-License-Identifier: GPL-2.0
/*
 * filter/page_class.c on synthetic struct pages of every class, and
 * filter/filter.c end to end on a fake machine (fake_crashed.h): free
 * blocks and compound pages that straddle windows, a vmemmap page behind
 * a bad entry, missing VMCOREINFO keys, every dump level, windows of
 * many sizes.  The layout and numbers are Debian 6.1's VMCOREINFO.
 */
#include <stdio.h>
#include "check.h"
#include "rng.h"
#include "fake_crashed.h"
#include "filter/filter.h"
#include "page_layout_61.h"

/* Debian 6.1's struct page layout and page flags (page_layout_61.h). */
static const char layout_text[] =
	"PAGESIZE=4096\n"
	PAGE_LAYOUT_61_VMCOREINFO;

#define F_LRU		(1ull << 4)
#define F_SLAB		(1ull << 9)
#define F_SWAPCACHE	(1ull << 10)
#define F_PRIVATE	(1ull << 13)
#define F_HEAD		(1ull << 16)
#define F_SWAPBACKED	(1ull << 19)
#define F_HWPOISON	(1ull << 23)
#define BUDDY		(-129)
#define OFFLINE		(-257)
#define ANON		0xffff888001234561ull	/* an anon_vma | 1 */
#define FILE_MAPPING	0xffff888001234500ull	/* an address_space */

struct spage {
	uint64_t flags, head, mapping, private;
	int32_t mapcount;
	uint8_t dtor, order;
};

/* Writes @s as a 6.1 struct page at @p (64 bytes). */
static void put_page(uint8_t *p, const struct spage *s)
{
	memset(p, 0, 64);
	memcpy(p + 0, &s->flags, 8);
	memcpy(p + 8, &s->head, 8);
	memcpy(p + 24, &s->mapping, 8);
	memcpy(p + 40, &s->private, 8);
	memcpy(p + 48, &s->mapcount, 4);
	if (s->dtor || s->order) {
		p[16] = s->dtor;	/* a first tail page carries these */
		p[17] = s->order;
	}
}

/* A VMCOREINFO made of @text with every line naming @drop removed. */
static struct vmcoreinfo vi_without(char *buf, size_t cap, const char *text,
				    const char *drop)
{
	const char *line = text, *end;
	size_t n = 0;

	while (*line) {
		end = strchr(line, '\n');
		end = end ? end + 1 : line + strlen(line);
		if (!drop || !strstr(line, drop) || strstr(line, drop) >= end) {
			if (n + (size_t)(end - line) >= cap)
				abort();
			memcpy(buf + n, line, (size_t)(end - line));
			n += (size_t)(end - line);
		}
		line = end;
	}
	buf[n] = 0;
	return (struct vmcoreinfo){ .text = buf, .len = (uint32_t)n };
}

/* Classifies @s as the page of @mfn (with @tail as its first tail). */
static enum page_class cls_of(const struct page_layout *pl, unsigned int level,
			      uint64_t mfn, const struct spage *s,
			      const struct spage *tail, uint64_t *nr)
{
	uint8_t p[64], t[64];

	put_page(p, s);
	if (tail)
		put_page(t, tail);
	return page_classify(pl, level, mfn, p, tail ? t : NULL, nr);
}

static void test_classes(void)
{
	char buf[2048];
	struct vmcoreinfo vi = vi_without(buf, sizeof(buf), layout_text, NULL);
	struct page_layout pl;
	uint64_t nr;
	const uint64_t head_va = 0xffffea0000040000ull;
	struct spage tail = { .head = head_va | 1, .order = 9, .dtor = 1 };
	struct spage t;

	CHECK(!page_layout_init(&pl, &vi) && pl.rules == 0xff,
	      "6.1 layout: every rule can fire (0x%x)", pl.rules);
#define CLS(level, mfn, ...) cls_of(&pl, level, mfn, &(struct spage){ __VA_ARGS__ }, NULL, &nr)
	CHECK(CLS(31, 0, .flags = 0) == PAGE_KEEP && nr == 1, "a plain kernel page: kept");
	CHECK(CLS(31, 1024, .mapcount = BUDDY, .private = 10) == PAGE_FREE && nr == 1024,
	      "buddy, order 10: free, 1024 frames");
	CHECK(CLS(15, 1024, .mapcount = BUDDY, .private = 10) == PAGE_KEEP,
	      "buddy at level 15 (no free bit): kept");
	CHECK(CLS(31, 2048, .mapcount = BUDDY, .private = 11) == PAGE_KEEP,
	      "buddy order 11 >= LENGTH(zone.free_area): impossible, kept");
	CHECK(CLS(31, 2052, .mapcount = BUDDY, .private = 3) == PAGE_KEEP,
	      "buddy order 3 at a frame not aligned to 8: impossible, kept");
	CHECK(CLS(31, 8, .mapcount = BUDDY, .private = 0, .flags = F_SLAB) == PAGE_KEEP,
	      "slab page with the buddy mapcount: kept");
	CHECK(CLS(31, 8, .mapcount = -128, .private = 0) == PAGE_KEEP,
	      "mapcount -128 (not the buddy value): kept");
	CHECK(CLS(2, 5, .flags = F_LRU, .mapping = FILE_MAPPING) == PAGE_CACHE,
	      "LRU file page at level 2: cache");
	CHECK(CLS(2, 5, .flags = F_LRU | F_PRIVATE) == PAGE_KEEP,
	      "LRU page with PG_private at level 2: kept");
	CHECK(CLS(4, 5, .flags = F_LRU | F_PRIVATE) == PAGE_CACHE_PRIVATE,
	      "LRU page with PG_private at level 4: private cache");
	CHECK(CLS(4, 5, .flags = F_LRU) == PAGE_CACHE, "LRU page at level 4: cache");
	CHECK(CLS(2, 5, .flags = F_SWAPCACHE | F_SWAPBACKED) == PAGE_CACHE,
	      "swapcache + swapbacked: cache");
	CHECK(CLS(2, 5, .flags = F_SWAPCACHE) == PAGE_KEEP,
	      "swapcache without swapbacked: kept");
	CHECK(CLS(2, 5, .flags = F_LRU, .mapping = ANON) == PAGE_KEEP,
	      "anonymous LRU page at level 2: not cache, kept");
	CHECK(CLS(8, 5, .flags = F_LRU, .mapping = ANON) == PAGE_USER,
	      "anonymous LRU page at level 8: user");
	CHECK(CLS(8, 5, .mapping = ANON | 2) == PAGE_USER, "KSM page (mapping & 3): user");
	CHECK(CLS(31, 5, .mapping = ANON, .flags = F_SLAB) == PAGE_KEEP,
	      "slab page whose mapping word has bit 0: never user (the 6.2 fix)");
	CHECK(CLS(0, 5, .flags = F_HWPOISON) == PAGE_HWPOISON, "hwpoison at level 0: excluded");
	CHECK(CLS(0, 5, .mapcount = OFFLINE) == PAGE_OFFLINE, "offline at level 0: excluded");
	CHECK(CLS(31, 5, .mapcount = OFFLINE, .flags = F_SLAB) == PAGE_KEEP,
	      "slab page with the offline mapcount: kept");
	CHECK(CLS(31, 5, .head = head_va | 1, .mapping = ANON) == PAGE_KEEP,
	      "a tail page is the caller's: kept here");
	CHECK(cls_of(&pl, 31, 512, &(struct spage){ .flags = F_HEAD, .mapping = ANON },
		     &tail, &nr) == PAGE_USER && nr == 512,
	      "anonymous compound head, order 9: user, 512 frames");
	CHECK(cls_of(&pl, 256, 0, &(struct spage){ .flags = F_HEAD, .mapping = ANON },
		     &tail, &nr) == PAGE_KEEP,
	      "level 256 is not a level: masked by the caller, nothing here");
	CHECK(cls_of(&pl, 31, 256, &(struct spage){ .flags = F_HEAD, .mapping = ANON },
		     &tail, &nr) == PAGE_USER && nr == 1,
	      "compound head not aligned to its order: order taken as 0");
	t = tail;
	t.order = 64;
	CHECK(cls_of(&pl, 31, 0, &(struct spage){ .flags = F_HEAD, .mapping = ANON },
		     &t, &nr) == PAGE_USER && nr == 1, "compound order 64: taken as 0");
	t = tail;
	t.dtor = 2;
	CHECK(cls_of(&pl, 8, 512, &(struct spage){ .flags = F_HEAD, .mapping = FILE_MAPPING },
		     &t, &nr) == PAGE_USER && nr == 512, "hugetlb head (dtor 2): user");
	CHECK(cls_of(&pl, 8, 512, &(struct spage){ .flags = 0, .mapping = FILE_MAPPING },
		     NULL, &nr) == PAGE_KEEP, "no head flag, no tail read: not hugetlb");
	CHECK(cls_of(&pl, 2, 512, &(struct spage){ .flags = F_HEAD | F_LRU, .mapping = FILE_MAPPING },
		     &tail, &nr) == PAGE_CACHE && nr == 512, "large folio in the page cache: 512 frames");
#undef CLS
}

/* Each key the rules need, dropped: the rule stops firing. */
static void test_missing_keys(void)
{
	static const struct {
		const char *key;
		struct spage s;
		unsigned int level;
	} cases[] = {
		{ "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", { .mapcount = BUDDY }, 16 },
		{ "OFFSET(page._mapcount)", { .mapcount = BUDDY }, 16 },
		{ "OFFSET(page.private)", { .mapcount = BUDDY }, 16 },
		{ "LENGTH(zone.free_area)", { .mapcount = BUDDY }, 16 },
		{ "NUMBER(PG_slab)", { .mapcount = BUDDY }, 16 },
		{ "NUMBER(PG_lru)", { .flags = F_LRU }, 2 },
		{ "NUMBER(PG_private)", { .flags = F_LRU }, 2 },
		{ "OFFSET(page.mapping)", { .flags = F_LRU }, 2 },
		{ "NUMBER(PG_swapbacked)", { .flags = F_SWAPCACHE | F_SWAPBACKED }, 2 },
		{ "NUMBER(PG_slab)", { .mapping = ANON }, 8 },
		{ "OFFSET(page.mapping)", { .mapping = ANON }, 8 },
		{ "NUMBER(PG_hwpoison)", { .flags = F_HWPOISON }, 0 },
		{ "NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)", { .mapcount = OFFLINE }, 0 },
		{ "NUMBER(PG_slab)", { .mapcount = OFFLINE }, 0 },
	};
	char buf[2048];
	struct vmcoreinfo vi;
	struct page_layout pl;
	uint64_t nr;
	uint32_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vi = vi_without(buf, sizeof(buf), layout_text, NULL);
		page_layout_init(&pl, &vi);
		CHECK(cls_of(&pl, cases[i].level, 0, &cases[i].s, NULL, &nr) != PAGE_KEEP,
		      "case %u excluded with every key", i);
		vi = vi_without(buf, sizeof(buf), layout_text, cases[i].key);
		page_layout_init(&pl, &vi);
		CHECK(cls_of(&pl, cases[i].level, 0, &cases[i].s, NULL, &nr) == PAGE_KEEP,
		      "without %s: case %u kept", cases[i].key, i);
	}
	vi = vi_without(buf, sizeof(buf), layout_text, "SIZE(page)");
	CHECK(page_layout_init(&pl, &vi) && !strcmp(page_layout_init(&pl, &vi), "SIZE(page)"),
	      "no SIZE(page): no layout at all");
	vi = vi_without(buf, sizeof(buf), "SIZE(page)=64\nOFFSET(page.flags)=60\n", NULL);
	CHECK(page_layout_init(&pl, &vi) != NULL, "flags at 60 of a 64-byte page: impossible");
	vi = vi_without(buf, sizeof(buf), "SIZE(page)=64\nOFFSET(page.flags)=0\n"
			"OFFSET(page.mapping)=24\nNUMBER(PG_lru)=64\nNUMBER(PG_private)=13\n", NULL);
	CHECK(!page_layout_init(&pl, &vi) && !(pl.rules & PL_RULE_CACHE),
	      "PG_lru=64: impossible bit, cache rule off");
	vi = vi_without(buf, sizeof(buf), "SIZE(page)=64\nOFFSET(page.flags)=0\n"
			"NUMBER(PG_head_mask)=65537\nOFFSET(page.compound_order)=17\n", NULL);
	CHECK(!page_layout_init(&pl, &vi) && !(pl.rules & PL_RULE_ORDER),
	      "PG_head_mask with two bits: no compound order");
}

/* ---- filter_window on a fake machine ---- */

#define SEC3		12288		/* first frame of section 3 (48 MiB) */
#define BAD_VPAGE	(FM_VMEMMAP4 + (4ull << 20))	/* mapped into the hole */

struct world {
	struct fake_crashed m;
	char text[4096];
	struct vmcoreinfo vi;
	enum page_class cls[FM_FRAMES];	/* what level 31 decides */
	uint8_t kept_unread[FM_FRAMES];	/* kept only because unreadable */
};

/*
 * Section 1's struct pages sit 512 KiB above where section 0's map would
 * put them (coded maps differ per section, as without a vmemmap).
 * Section 3's map is behind BAD_VPAGE: its pages are written to scratch.
 */
#define SEC1_SHIFT	(512ull << 10)

static uint64_t page_va(uint64_t mfn)
{
	return FM_VMEMMAP4 + mfn * 64 + (mfn >= 4096 && mfn < 8192 ? SEC1_SHIFT : 0);
}

static uint8_t *spage_at(struct world *w, uint64_t mfn)
{
	if (mfn >= SEC3)
		return w->m.ram + FM_VMEMMAP_MA + (1ull << 20) + (mfn - SEC3) * 64;
	return w->m.ram + FM_VMEMMAP_MA + (page_va(mfn) - FM_VMEMMAP4);
}

static void set_page(struct world *w, uint64_t mfn, struct spage s)
{
	put_page(spage_at(w, mfn), &s);
}

/* A compound page of 2^@order frames at @mfn; @cls what it is at level 31. */
static void compound(struct world *w, uint64_t mfn, uint32_t order,
		     struct spage head, uint8_t dtor, enum page_class cls)
{
	uint64_t i, hva = page_va(mfn);

	head.flags |= F_HEAD;
	set_page(w, mfn, head);
	for (i = 1; i < (1ull << order); i++)
		set_page(w, mfn + i, (struct spage){ .head = hva | 1,
			 .mapping = 0xdead000000000400ull });
	spage_at(w, mfn + 1)[16] = dtor;
	spage_at(w, mfn + 1)[17] = (uint8_t)order;
	for (i = 0; i < (1ull << order); i++)
		w->cls[mfn + i] = cls;
}

static void buddy(struct world *w, uint64_t mfn, uint32_t order)
{
	uint64_t i;

	set_page(w, mfn, (struct spage){ .mapcount = BUDDY, .private = order });
	for (i = 0; i < (1ull << order); i++)
		w->cls[mfn + i] = PAGE_FREE;
}

static void one(struct world *w, uint64_t mfn, struct spage s, enum page_class c)
{
	set_page(w, mfn, s);
	w->cls[mfn] = c;
}

/* The fake crashed system: tables, sections, struct pages, VMCOREINFO. */
static void build_world(struct world *w)
{
	uint64_t i, coded = FM_VMEMMAP4, sec_va = FM_PAGE_OFFSET4 + FM_SECTIONS_MA;
	int n;

	memset(w->cls, 0, sizeof(w->cls));
	memset(w->kept_unread, 0, sizeof(w->kept_unread));
	fm_init(&w->m, 4);
	fm_map(&w->m, FM_PAGE_OFFSET4, 0, 1ull << 30);
	fm_map(&w->m, FM_VMEMMAP4, FM_VMEMMAP_MA, 2ull << 20);
	fm_map(&w->m, BAD_VPAGE, FM_HOLE_START, 2ull << 20);
	fm_put64(&w->m, FM_ROOTS_MA, sec_va);
	fm_put64(&w->m, FM_SECTIONS_MA + 0, coded | 1);
	fm_put64(&w->m, FM_SECTIONS_MA + 32, (coded + SEC1_SHIFT) | 1);
	/* section 2 is the hole: not present; section 3's map is behind a bad leaf */
	fm_put64(&w->m, FM_SECTIONS_MA + 96, (BAD_VPAGE - SEC3 * 64) | 1);
	for (i = SEC3; i < FM_FRAMES; i++)
		w->kept_unread[i] = 1;
	n = snprintf(w->text, sizeof(w->text),
		     "SYMBOL(init_top_pgt)=%llx\nNUMBER(phys_base)=%llu\n"
		     "NUMBER(pgtable_l5_enabled)=0\nNUMBER(sme_mask)=0\n"
		     "SYMBOL(mem_section)=%llx\nLENGTH(mem_section)=32768\n"
		     "SIZE(mem_section)=32\nOFFSET(mem_section.section_mem_map)=0\n"
		     "NUMBER(SECTION_SIZE_BITS)=24\nNUMBER(MAX_PHYSMEM_BITS)=46\n%s",
		     (unsigned long long)FM_KTEXT,
		     (unsigned long long)(w->m.root - (FM_KTEXT - PGT_START_KERNEL_MAP)),
		     (unsigned long long)(FM_PAGE_OFFSET4 + FM_ROOTS_MA), layout_text);
	if (n <= 0 || (size_t)n >= sizeof(w->text))
		abort();
	w->vi = (struct vmcoreinfo){ .text = w->text, .len = (uint32_t)n };

	buddy(w, 1024, 10);				/* 1024 .. 2047 */
	buddy(w, 2048 + 8, 3);
	buddy(w, 5120, 10);				/* straddles 5000/6000 windows */
	buddy(w, 4096 - 512, 9);			/* ends at a section boundary */
	compound(w, 6144, 9, (struct spage){ .mapping = ANON }, 1, PAGE_USER);
	compound(w, 7168, 10, (struct spage){ .mapping = FILE_MAPPING }, 2, PAGE_USER);
	compound(w, 6912, 2, (struct spage){ .mapping = FILE_MAPPING }, 1, PAGE_KEEP);
	compound(w, 3072, 8, (struct spage){ .flags = F_LRU, .mapping = FILE_MAPPING }, 1,
		 PAGE_CACHE);
	one(w, 100, (struct spage){ .flags = F_LRU, .mapping = FILE_MAPPING }, PAGE_CACHE);
	one(w, 101, (struct spage){ .flags = F_LRU | F_PRIVATE }, PAGE_CACHE_PRIVATE);
	one(w, 102, (struct spage){ .flags = F_SWAPCACHE | F_SWAPBACKED }, PAGE_CACHE);
	one(w, 103, (struct spage){ .flags = F_SWAPCACHE }, PAGE_KEEP);
	one(w, 104, (struct spage){ .flags = F_LRU, .mapping = ANON }, PAGE_USER);
	one(w, 110, (struct spage){ .mapping = ANON }, PAGE_USER);
	one(w, 111, (struct spage){ .mapping = ANON, .flags = F_SLAB }, PAGE_KEEP);
	one(w, 112, (struct spage){ .mapcount = BUDDY, .flags = F_SLAB }, PAGE_KEEP);
	one(w, 120, (struct spage){ .flags = F_HWPOISON }, PAGE_HWPOISON);
	one(w, 121, (struct spage){ .mapcount = OFFLINE }, PAGE_OFFLINE);
	one(w, 122, (struct spage){ .mapcount = OFFLINE, .flags = F_SLAB }, PAGE_KEEP);
	one(w, 130, (struct spage){ .mapcount = BUDDY, .private = 11 }, PAGE_KEEP);
	one(w, 131, (struct spage){ .mapcount = BUDDY, .private = 3 }, PAGE_KEEP);
	/* A tail whose "head" is a plain page, and one pointing at garbage. */
	one(w, 140, (struct spage){ .head = page_va(110) | 1 }, PAGE_KEEP);
	one(w, 141, (struct spage){ .head = 0xffffc90000000001ull }, PAGE_KEEP);
	/* A head whose first tail does not point back: its order is noise. */
	set_page(w, 160, (struct spage){ .flags = F_HEAD, .mapping = ANON });
	set_page(w, 161, (struct spage){ .head = 0x1 });
	spage_at(w, 161)[17] = 5;
	w->cls[160] = PAGE_USER;
	/*
	 * A tail in section 1 whose head_va, by vaddr arithmetic, is frame 0's,
	 * but frame 0's struct page is elsewhere: the "head" there (anonymous,
	 * order 13, covering the tail) must not be believed.
	 */
	one(w, 4100, (struct spage){ .head = (page_va(4100) - 4100 * 64) | 1 }, PAGE_KEEP);
	put_page(w->m.ram + FM_VMEMMAP_MA + (page_va(4100) - 4100 * 64 - FM_VMEMMAP4),
		 &(struct spage){ .flags = F_HEAD, .mapping = ANON });
	put_page(w->m.ram + FM_VMEMMAP_MA + (page_va(4100) - 4100 * 64 + 64 - FM_VMEMMAP4),
		 &(struct spage){ .head = (page_va(4100) - 4100 * 64) | 1, .order = 13 });
	/* Free and user pages behind the bad vmemmap leaf: nothing readable. */
	buddy(w, SEC3, 10);
	for (i = SEC3; i < SEC3 + 1024; i++)
		w->cls[i] = PAGE_KEEP;
}

static int excluded_at(enum page_class c, unsigned int level)
{
	switch (c) {
	case PAGE_FREE: return (level & DL_EXCLUDE_FREE) != 0;
	case PAGE_CACHE: return (level & (DL_EXCLUDE_CACHE | DL_EXCLUDE_CACHE_PRI)) != 0;
	case PAGE_CACHE_PRIVATE: return (level & DL_EXCLUDE_CACHE_PRI) != 0;
	case PAGE_USER: return (level & DL_EXCLUDE_USER) != 0;
	case PAGE_HWPOISON: case PAGE_OFFLINE: return 1;
	default: return 0;
	}
}

/* Runs @f over every frame in windows of @window; counts mismatches with @w. */
static uint64_t run_windows(struct filter *f, struct world *w, uint32_t window,
			    unsigned int level, uint64_t *set_total)
{
	static uint8_t bits[FM_FRAMES / 8 + 8];
	uint64_t start, i, bad = 0, mfn;
	uint32_t n;
	int want, got;

	*set_total = 0;
	for (start = 0; start < FM_FRAMES; start += window) {
		n = FM_FRAMES - start < window ? (uint32_t)(FM_FRAMES - start) : window;
		memset(bits, 0xa5, sizeof(bits));
		*set_total += filter_window(f, start, n, bits);
		for (i = 0; i < n; i++) {
			mfn = start + i;
			want = fm_in_ram(mfn << 12, 4096) && !excluded_at(w->cls[mfn], level);
			got = (bits[i >> 3] >> (i & 7)) & 1;
			if (want != got && bad++ < 5)
				printf("  mfn %llu: want %d got %d\n", (unsigned long long)mfn,
				       want, got);
		}
		for (i = n; i < ((uint64_t)n + 7) / 8 * 8; i++)
			bad += (bits[i >> 3] >> (i & 7)) & 1;	/* bits past the window */
	}
	return bad;
}

static void test_window(void)
{
	static struct world w;
	static struct filter f;
	static const uint32_t windows[] = { 8, 13, 1000, 777, 4096, 5000, FM_FRAMES };
	static const unsigned int levels[] = { 0, 1, 2, 4, 6, 8, 16, 31 };
	uint64_t set, ram = 0, i;
	uint32_t wi, li;
	const char *why;

	build_world(&w);
	for (i = 0; i < FM_FRAMES; i++)
		ram += fm_in_ram(i << 12, 4096);
	why = filter_init(&f, &w.vi, w.m.ranges, 2, fm_read, &w.m, 31);
	CHECK(!why, "filter on for the fake machine (%s)", why ? why : "on");
	for (wi = 0; wi < sizeof(windows) / sizeof(windows[0]); wi++) {
		filter_stats_reset(&f);
		CHECK(run_windows(&f, &w, windows[wi], 31, &set) == 0 && set == f.st.kept,
		      "level 31, windows of %u frames: every bit as expected", windows[wi]);
	}
	CHECK(f.st.ram == ram && f.st.excluded[PAGE_FREE] == 1024 * 2 + 8 + 512 &&
	      f.st.excluded[PAGE_USER] == 512 + 1024 + 3 &&
	      f.st.excluded[PAGE_CACHE] == 256 + 2 && f.st.excluded[PAGE_CACHE_PRIVATE] == 1 &&
	      f.st.excluded[PAGE_HWPOISON] == 1 && f.st.excluded[PAGE_OFFLINE] == 1,
	      "counts per class (free %llu, user %llu, cache %llu)",
	      (unsigned long long)f.st.excluded[PAGE_FREE],
	      (unsigned long long)f.st.excluded[PAGE_USER],
	      (unsigned long long)f.st.excluded[PAGE_CACHE]);
	CHECK(f.st.unreadable == FM_FRAMES - SEC3 && filter_bad_entries(&f) >= 1 &&
	      f.pt.stats.err[PGT_OUTSIDE_RAM] >= 1 && f.st.no_memmap == 0,
	      "section 3 behind a leaf in the hole: %llu frames kept unreadable, "
	      "%llu bad entries", (unsigned long long)f.st.unreadable,
	      (unsigned long long)filter_bad_entries(&f));
	/* RAM that ends inside the free block 1024..2047: only RAM is counted. */
	{
		struct ram_range r[3] = { { 0, 1124 << 12 }, { 2048 << 12, FM_HOLE_START },
					  { FM_HOLE_END, FM_RAM_BYTES } };
		uint64_t free_all = f.st.excluded[PAGE_FREE], ram_all = f.st.ram;
		static uint8_t bits[FM_FRAMES / 8];

		filter_init(&f, &w.vi, r, 3, fm_read, &w.m, 31);
		set = filter_window(&f, 0, FM_FRAMES, bits);
		CHECK(f.st.excluded[PAGE_FREE] == free_all - 924 && f.st.ram == ram_all - 924 &&
		      set == f.st.kept && !(bits[1124 >> 3] & (1 << (1124 & 7))),
		      "a free block half outside RAM: its RAM frames excluded, the rest not RAM");
	}
	/* The same RAM as 200 adjacent ranges (a machine of many RAM
	 * ranges; once over the filter's fixed 128, which turned it off). */
	{
		static struct ram_range many[200];
		uint64_t step = (FM_HOLE_START / 199) & ~0xfffull;

		for (i = 0; i < 199; i++)
			many[i] = (struct ram_range){ i * step,
				i < 198 ? (i + 1) * step : FM_HOLE_START };
		many[199] = (struct ram_range){ FM_HOLE_END, FM_RAM_BYTES };
		why = filter_init(&f, &w.vi, many, 200, fm_read, &w.m, 31);
		CHECK(!why && f.ram.nr == 200 &&
		      run_windows(&f, &w, 1000, 31, &set) == 0,
		      "200 RAM ranges: filter on (%s), every bit as expected",
		      why ? why : "on");
	}
	for (li = 0; li < sizeof(levels) / sizeof(levels[0]); li++) {
		filter_init(&f, &w.vi, w.m.ranges, 2, fm_read, &w.m, levels[li]);
		CHECK(run_windows(&f, &w, 1000, levels[li], &set) == 0,
		      "level %u, windows of 1000: every bit as expected", levels[li]);
	}
	fm_free(&w.m);
}

/* Without a key the walk needs, nothing is filtered; RAM is still RAM. */
static void test_off(void)
{
	static struct world w;
	static struct filter f;
	static uint8_t bits[FM_FRAMES / 8];
	char buf[4096];
	struct vmcoreinfo vi;
	uint64_t ram = 0, i, set;
	const char *why;

	build_world(&w);
	for (i = 0; i < FM_FRAMES; i++)
		ram += fm_in_ram(i << 12, 4096);
	vi = vi_without(buf, sizeof(buf), w.text, "SYMBOL(init_top_pgt)");
	why = filter_init(&f, &vi, w.m.ranges, 2, fm_read, &w.m, 31);
	set = filter_window(&f, 0, FM_FRAMES, bits);
	CHECK(why && !strcmp(why, "SYMBOL(init_top_pgt)") && set == ram &&
	      f.st.kept == ram && !bits[FM_HOLE_START >> 15] && bits[0] == 0xff,
	      "no SYMBOL(init_top_pgt): off, every RAM frame kept, the hole not");
	vi = vi_without(buf, sizeof(buf), w.text, "PAGESIZE");
	CHECK(filter_init(&f, &vi, w.m.ranges, 2, fm_read, &w.m, 31) != NULL,
	      "no PAGESIZE: off");
	vi = vi_without(buf, sizeof(buf), w.text, "OFFSET(page.flags)");
	why = filter_init(&f, &vi, w.m.ranges, 2, fm_read, &w.m, 31);
	set = filter_window(&f, 0, FM_FRAMES, bits);
	CHECK(why && set == ram, "no OFFSET(page.flags): off, everything kept");
	CHECK(filter_init(&f, NULL, w.m.ranges, 2, fm_read, &w.m, 31) != NULL &&
	      filter_window(&f, 0, FM_FRAMES, bits) == ram, "no VMCOREINFO: off, RAM kept");
	fm_free(&w.m);
}

/* Random struct pages: whatever they say, the hole stays clear and nothing faults. */
static void test_random_pages(struct rng *r)
{
	static struct world w;
	static struct filter f;
	static uint8_t bits[FM_FRAMES / 8];
	uint64_t i, hole_set = 0, kept = 0;
	uint32_t round;

	for (round = 0; round < 3; round++) {
		build_world(&w);
		for (i = 0; i < 8192 * 64; i += 8) {
			uint64_t v = rng_next(r);

			if (rng_below(r, 4) == 0)
				v &= 0xffffffffull;
			memcpy(w.m.ram + FM_VMEMMAP_MA + i, &v, 8);
		}
		filter_init(&f, &w.vi, w.m.ranges, 2, fm_read, &w.m, 31);
		filter_window(&f, 0, FM_FRAMES, bits);
		for (i = FM_HOLE_START >> 12; i < FM_HOLE_END >> 12; i++)
			hole_set += (bits[i >> 3] >> (i & 7)) & 1;
		kept += f.st.kept;
		fm_free(&w.m);
	}
	CHECK(hole_set == 0, "random struct pages: no hole frame ever set (%llu kept)",
	      (unsigned long long)kept);
}

/*
 * A compound page whose 101st frame is not its tail (a corrupt memmap,
 * found by tests/fuzz/fuzz_filter): that frame is decided by its own
 * struct page, the same whichever window holds the head.
 */
static void test_broken_compound(void)
{
	static struct world w;
	static struct filter f;
	static const uint32_t windows[] = { 8, 13, 100, 777, 4096, FM_FRAMES };
	const uint64_t stray = 6144 + 100;	/* inside the order-9 anon page */
	uint64_t set;
	uint32_t wi;

	build_world(&w);
	set_page(&w, stray, (struct spage){ .flags = F_SLAB });
	w.cls[stray] = PAGE_KEEP;
	filter_init(&f, &w.vi, w.m.ranges, 2, fm_read, &w.m, 31);
	for (wi = 0; wi < sizeof(windows) / sizeof(windows[0]); wi++)
		CHECK(run_windows(&f, &w, windows[wi], 31, &set) == 0,
		      "compound with a stray page: window %u keeps only it",
		      windows[wi]);
	fm_free(&w.m);
}

/*
 * A "tail" at frame 4200 naming the order-9 head at 6144, after it: kept,
 * and its failed lookup must not be remembered for the head's real tails
 * (a window starting at 6145 used to keep the whole compound; found by
 * tests/fuzz/fuzz_filter).
 */
static void test_head_cache(void)
{
	static struct world w;
	static struct filter f;
	static const uint32_t windows[] = { 6145, 8, 13, FM_FRAMES };
	uint64_t set;
	uint32_t wi;

	build_world(&w);
	one(&w, 4200, (struct spage){ .head = page_va(6144) | 1 }, PAGE_KEEP);
	filter_init(&f, &w.vi, w.m.ranges, 2, fm_read, &w.m, 31);
	for (wi = 0; wi < sizeof(windows) / sizeof(windows[0]); wi++)
		CHECK(run_windows(&f, &w, windows[wi], 31, &set) == 0,
		      "a tail before its head: window %u, the compound still user",
		      windows[wi]);
	fm_free(&w.m);
}

int main(void)
{
	struct rng r;

	rng_init(&r, check_seed(0xc1a55));
	test_classes();
	test_missing_keys();
	test_window();
	test_broken_compound();
	test_head_cache();
	test_off();
	test_random_pages(&r);
	return check_exit();
}
