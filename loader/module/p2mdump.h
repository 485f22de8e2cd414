/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's state while armed, shared by the char device (main.c) and
 * the panic path (panic.c).  In the module a Linux pfn / phys_addr_t is a
 * machine frame / machine address for us: renamed once, here.
 */
#ifndef P2MDUMP_MODULE_H
#define P2MDUMP_MODULE_H

#include <linux/gfp.h>
#include <linux/types.h>
#include <p2mdump/extent_map.h>
#include <p2mdump/ioctl.h>
#include "loader/core/build.h"
#include "image.h"
#include "transition.h"

struct block_device;
struct file;
struct pci_dev;

struct capture {
	struct loader_result result;	/* start info, entry, checksum */
	uint64_t *p2m;			/* pfn -> mfn, nr_pages entries */
	struct m2p_entry *m2p;
	uint32_t nr_pages;
	struct transition trans;
	u64 crash_notes[P2MDUMP_MAX_CPUS];	/* maddr per CPU, 0: none */
	u32 nr_cpus;
	u64 handoff_sum;		/* handoff_sum() at load */
	struct block_device *target;	/* held exclusively, or NULL */
	struct file *file;		/* a dump file, referenced, or NULL */
	struct dump_extent *file_map;	/* its map, for the re-checks */
	u32 file_nr;
	struct capture_image image;	/* which one, its size and sha256 */
	u32 load_flags;			/* p2mdump_load.flags, for status */
};

/* Copies @size bytes (1..@max, else -EFBIG) from userspace into a new
 * vmalloc buffer; NULL with *@err set on failure. */
void *copy_in(u64 uptr, u64 size, u64 max, int *err);

/* One page from the page allocator, counted (NULL: none, not counted);
 * every page the module takes comes from here. */
struct page *page_take(gfp_t gfp);
/* Gives back a page page_take() took, counted. */
void page_give(struct page *page);
/* The counts since insmod: pages taken, pages given back. */
void pages_counted(u64 *taken, u64 *returned);

/* The frame source over the buddy allocator; map is the direct map. */
void frames_source(struct frame_source *src);
/* The frame source for one build of @nr_pages pages (with scatter=1 it
 * takes them up front: -ENOMEM); frames_source_end() gives back what the
 * build did not take. */
int frames_source_begin(struct frame_source *src, uint32_t nr_pages);
void frames_source_end(struct frame_source *src);
void frames_give_back(const uint64_t *p2m, uint32_t n);

/* Refuses (-EINVAL, with a pr_warn) crash_notes that are not the kernel's. */
int notes_check(const struct capture *c);

/* Holds disk or partition @target_dev (kernel dev_t, 0: none) for @c
 * exclusively, after checking it lies on the PCI function disk= in
 * @cmdline names; 0 was allowed only if no driver is bound there.  0, or
 * -errno (-EBUSY: in use, -ENOTBLK: not on that function, -ENODEV: no
 * such function) with a pr_warn. */
int target_claim(struct capture *c, u32 target_dev, const char *cmdline);

/* Refuses (-EINVAL, with a pr_warn) an extent of @map (@n of them, disk
 * sectors of the whole disk) outside the disk or partition held; 0. */
int target_check_map(const struct capture *c, const struct dump_extent *map,
		     u32 n);

/* The value of @cmdline's first "@key=" word (it runs to the next blank
 * or the end), or NULL. */
const char *cmdline_value(const char *cmdline, const char *key);

/* The PCI function named by the "disk=BB:DD.F" word of @cmdline, with a
 * reference (pci_dev_put it), or NULL. */
struct pci_dev *disk_function(const char *cmdline);

/* True if @bdev's disk sits below PCI function @pdev in the device tree. */
bool disk_below(struct block_device *bdev, struct pci_dev *pdev);

/* Refuses (-EINVAL, with a pr_warn) an extent of @map outside @bdev
 * (bd_start_sect to its end, in whole-disk sectors); 0. */
int target_map_inside(struct block_device *bdev,
		      const struct dump_extent *map, u32 n);

/* Lets go of the disk target_claim() held, or the dump file, if any. */
void target_release(struct capture *c);

/* target_file.c: a dump file (P2MDUMP_LOAD_TARGET_FILE).  Takes a
 * reference to @req->target_fd, which must be a regular file on
 * @req->target_dev, below the PCI function of disk= in @cmdline; 0, or
 * -EBADF, -ENOTBLK, -ENODEV with a pr_warn. */
int target_file_get(struct capture *c, const struct p2mdump_load *req,
		    const char *cmdline);
/* Refuses a map outside the file's device (-EINVAL) or not what bmap()
 * says for every block of the file (-ESTALE), with a pr_warn; keeps a
 * copy for the re-checks.  0. */
int target_file_check_map(struct capture *c, const struct dump_extent *map,
			  u32 n);
/* The map against bmap() again: 0, or -ESTALE (pr_warn) if it moved. */
int target_file_recheck(const struct capture *c);
/* Clears the immutable flag if the load set it, drops the file. */
void target_file_put(struct capture *c);

/* The held disk's number (kernel dev_t), 0 if none. */
u32 target_dev(const struct capture *c);

/* The sum of the handoff code, its parameters and the transition table. */
u64 handoff_sum(const struct capture *c);

/* Arms / disarms the panic path for @c (NULL: disarm). */
void panic_path_arm(struct capture *c);
int panic_path_init(void);
void panic_path_exit(void);

#endif
