// SPDX-License-Identifier: GPL-2.0
/*
 * The crash_notes addresses userspace passes at load.  The panic path
 * writes an NT_PRSTATUS note through phys_to_virt() of each, so a wrong one
 * would make the module a kernel-memory write primitive.  Each non-zero
 * address must be
 *
 *   - aligned as the kernel allocates note_buf_t (crash_notes_memory_init():
 *     its size rounded up to a power of two, at most a page), so the note
 *     never crosses a page,
 *   - online System RAM for the whole note (page_is_ram, region_intersects),
 *   - none of the capture kernel's frames nor the transition table's,
 *   - and equal to the kernel's own per_cpu_ptr(crash_notes, cpu) physical
 *     address.  crash_notes is not exported: the value is read from the CPU
 *     device's crash_notes attribute, by calling its show() through the
 *     kobject as sysfs would (no path lookup, so no mount namespace).
 */
#include <linux/cpu.h>
#include <linux/crash_core.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/kernfs.h>
#include <linux/log2.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/sysfs.h>
#include "p2mdump.h"

#define NOTE_SIZE	sizeof(note_buf_t)
#define NOTE_ALIGN	min_t(size_t, roundup_pow_of_two(NOTE_SIZE), PAGE_SIZE)

/* The kernel's crash_notes maddr for @cpu, via its sysfs attribute's show(). */
static int kernel_notes_maddr(unsigned int cpu, u64 *maddr)
{
	struct device *dev = get_cpu_device(cpu);
	struct kernfs_node *kn;
	ssize_t n = -ENOENT;
	struct page *page;
	char *buf = NULL;

	if (!dev || !dev->kobj.sd || !dev->kobj.ktype ||
	    !dev->kobj.ktype->sysfs_ops || !dev->kobj.ktype->sysfs_ops->show)
		return -ENOENT;
	kn = sysfs_get_dirent(dev->kobj.sd, "crash_notes");
	if (!kn)
		return -ENOENT;
	page = page_take(GFP_KERNEL);	/* sysfs_emit wants a page */
	if (page)
		buf = page_address(page);
	if (buf && kernfs_type(kn) == KERNFS_FILE)
		n = dev->kobj.ktype->sysfs_ops->show(&dev->kobj, kn->priv, buf);
	sysfs_put(kn);
	if (n > 0 && n < PAGE_SIZE) {
		buf[n] = '\0';
		n = kstrtoull(strim(buf), 16, maddr);
	} else if (n >= 0) {
		n = -EINVAL;
	}
	if (page)
		page_give(page);
	return n;
}

/* Is @mfn one of @c's capture or transition frames? */
static bool own_frame(const struct capture *c, u64 mfn)
{
	u32 i;

	for (i = 0; i < c->nr_pages; i++)
		if (c->p2m[i] == mfn)
			return true;
	for (i = 0; i < c->trans.nr_pages; i++)
		if (page_to_pfn(c->trans.pages[i]) == mfn)
			return true;
	return false;
}

/* Why @maddr cannot be @cpu's crash_notes, or NULL if it can. */
static const char *notes_refusal(const struct capture *c, unsigned int cpu,
				 u64 maddr)
{
	u64 mfn = PHYS_PFN(maddr);
	u64 kernel;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return "no such CPU";
	if (!IS_ALIGNED(maddr, NOTE_ALIGN))
		return "misaligned";
	if (!page_is_ram(mfn) || !pfn_to_online_page(mfn) ||
	    region_intersects(maddr, NOTE_SIZE, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_INTERSECTS)
		return "not System RAM";
	if (own_frame(c, mfn))
		return "a frame of the capture kernel";
	if (kernel_notes_maddr(cpu, &kernel))
		return "the kernel has no crash_notes for it";
	if (kernel != maddr)
		return "not the kernel's crash_notes";
	return NULL;
}

int notes_check(const struct capture *c)
{
	unsigned int cpu;

	for (cpu = 0; cpu < c->nr_cpus; cpu++) {
		const char *why;

		if (!c->crash_notes[cpu])
			continue;
		why = notes_refusal(c, cpu, c->crash_notes[cpu]);
		if (why) {
			pr_warn("p2mdump: load refused: crash_notes 0x%llx for CPU %u: %s\n",
				c->crash_notes[cpu], cpu, why);
			return -EINVAL;
		}
	}
	return 0;
}
