// SPDX-License-Identifier: GPL-2.0
/*
 * The first C code: check the start info and the checksum before anything
 * in the image is trusted or written.  Runs on the handoff page's stack.
 */
#include <p2mdump/start_info.h>
#include "lib/csum.h"
#include "p2m/p2m.h"
#include "arch/i386/machine.h"
#include "lib/printk.h"
#include <p2mdump/exit_codes.h>

void boot_verify(const struct start_info *si);

static const char *start_info_problem(const struct start_info *si)
{
	if (si->magic != START_INFO_MAGIC)
		return "bad magic";
	if (si->version != START_INFO_VERSION)
		return "unsupported version";
	if (si->size != sizeof(*si))
		return "unexpected size";
	if (si->nr_pages == 0 || si->nr_pages > CAPTURE_MAX_PAGES)
		return "nr_pages out of range";
	if ((uint32_t)(uintptr_t)si !=
	    CAPTURE_KERNEL_BASE + pfn_to_paddr(si->start_info_pfn))
		return "ESI does not match start_info_pfn";
	if (si->handoff_pfn != si->nr_pages - 1)
		return "handoff page is not the last page";
	return (const char *)0;
}

static uint64_t image_checksum(const struct start_info *si)
{
	struct csum c;
	uint32_t pfn;

	csum_init(&c);
	for (pfn = 0; pfn < si->nr_pages; pfn++)
		csum_add_capture_page(&c, pfn,
				      (const void *)(uintptr_t)
				      (CAPTURE_KERNEL_BASE + pfn_to_paddr(pfn)),
				      si->start_info_pfn, si->handoff_pfn);
	return csum_final(&c);
}

void boot_verify(const struct start_info *si)
{
	const char *problem;
	uint64_t sum;

	serial_init();
	problem = start_info_problem(si);
	if (problem) {
		printk("p2mdump: start info at %p unusable: %s\n", si, problem);
		machine_exit(EXIT_BAD_START_INFO);
	}
	sum = image_checksum(si);
	if (sum != si->checksum) {
		printk("p2mdump: capture image corrupted after load: "
		       "checksum %016llx, expected %016llx; not running it\n",
		       (unsigned long long)sum,
		       (unsigned long long)si->checksum);
		machine_exit(EXIT_BAD_CHECKSUM);
	}
}
