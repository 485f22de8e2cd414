/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ABI between the p2mdump CLI and the p2mdump.ko module, through the
 * character device /dev/p2mdump.  docs/linux.md describes the flow.
 *
 * Fixed-width fields, 64-bit ones on 8-byte offsets; pointers travel as
 * uint64_t.  Each struct starts with its size and version, which the module
 * checks before reading anything else.
 */
#ifndef P2MDUMP_IOCTL_H
#define P2MDUMP_IOCTL_H

#ifdef __KERNEL__
#include <linux/ioctl.h>
#include <linux/types.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#endif

#define P2MDUMP_DEVICE		"/dev/p2mdump"
#define P2MDUMP_ABI_VERSION	6	/* 2: the built-in image, image_* in
					 * status; 3: target_dev; 4: the
					 * page counters, load_flags in
					 * status, LOAD_POST_NOTIFIERS;
					 * 5: the dump target's extent map
					 * (extents, nr_extents in load);
					 * 6: a dump file (target_fd,
					 * LOAD_TARGET_FILE), disarm_reason */
#define P2MDUMP_MAX_CPUS	256
#define P2MDUMP_CMDLINE_MAX	512	/* == CAPTURE_CMDLINE_MAX */
#define P2MDUMP_IMAGE_MAX	(16u << 20)	/* capture kernel ELF, bytes */
#define P2MDUMP_SHA256_SIZE	32
#define P2MDUMP_ELFCOREHDR_MAX	(1u << 20)	/* elfcorehdr, bytes */

/*
 * p2mdump_load.target_dev and p2mdump_status.target_dev: a block device
 * number in the kernel's own encoding, major << 20 | minor (MINORBITS),
 * not glibc's st_rdev.
 */
#define P2MDUMP_MINORBITS	20
#define P2MDUMP_DEV(major, minor) \
	((uint32_t)(major) << P2MDUMP_MINORBITS | (uint32_t)(minor))

/* p2mdump_status.image_source */
#define P2MDUMP_IMAGE_NONE	0	/* not armed */
#define P2MDUMP_IMAGE_BUILTIN	1	/* the module's own copy */
#define P2MDUMP_IMAGE_USER	2	/* handed in by LOAD (development) */

/* p2mdump_load.flags */
#define P2MDUMP_LOAD_FORCE	0x1	/* arm even if a kdump kernel is loaded */
#define P2MDUMP_LOAD_POST_NOTIFIERS 0x2	/* the CLI turned on
					 * crash_kexec_post_notifiers for this
					 * load: unload turns it off again */
#define P2MDUMP_LOAD_TARGET_FILE 0x4	/* the target is the regular file
					 * target_fd, on the filesystem of
					 * block device target_dev: the
					 * module keeps it open and checks
					 * the map against its blocks */
#define P2MDUMP_LOAD_FILE_IMMUTABLE 0x8	/* the CLI set the file's immutable
					 * flag for this load: the module
					 * clears it when it lets go */
#define P2MDUMP_LOAD_FLAGS	(P2MDUMP_LOAD_FORCE | \
				 P2MDUMP_LOAD_POST_NOTIFIERS | \
				 P2MDUMP_LOAD_TARGET_FILE | \
				 P2MDUMP_LOAD_FILE_IMMUTABLE)	/* known */

/* p2mdump_status.disarm_reason: why the module disarmed by itself */
#define P2MDUMP_DISARM_NONE	0	/* it did not (armed, or unloaded) */
#define P2MDUMP_DISARM_FILE_MOVED 1	/* the dump file's blocks are no
					 * longer the map's (re-check) */

struct p2mdump_load {
	uint32_t size;			/* sizeof(struct p2mdump_load) */
	uint32_t version;		/* P2MDUMP_ABI_VERSION */
	uint64_t image;			/* user pointer: capture kernel ELF;
					 * 0 (and image_size 0): the one
					 * built into the module */
	uint64_t image_size;
	uint64_t elfcorehdr;		/* user pointer: ELF64 core header */
	uint64_t elfcorehdr_size;
	uint64_t cmdline;		/* user pointer: NUL-terminated */
	uint64_t crash_notes;		/* user pointer: uint64_t[nr_cpus],
					 * physical address of each CPU's
					 * crash_notes buffer (sysfs), 0: none */
	uint32_t nr_cpus;		/* <= P2MDUMP_MAX_CPUS */
	uint32_t pool_pages;		/* 0: the module's default */
	uint32_t flags;			/* P2MDUMP_LOAD_* */
	uint32_t target_dev;		/* the dump disk, held exclusively
					 * while armed; 0: none (a PCI
					 * function no driver is bound to) */
	uint64_t extents;		/* user pointer: struct dump_extent
					 * [nr_extents], p2mdump/extent_map.h:
					 * where on the disk the dump goes */
	uint32_t nr_extents;		/* 1 .. EXTENT_MAP_MAX */
	int32_t target_fd;		/* LOAD_TARGET_FILE: an open file
					 * descriptor of the dump file;
					 * else 0 */
};

struct p2mdump_status {
	uint32_t size;			/* sizeof(struct p2mdump_status) */
	uint32_t version;
	uint32_t armed;			/* 1 when the panic path is armed */
	uint32_t nr_pages;		/* capture kernel pages */
	uint64_t bytes_held;		/* every page the module holds */
	uint32_t frames_held;		/* capture pages + transition tables */
	uint32_t contiguous_runs;	/* machine-contiguous runs, pfn order */
	uint32_t frames_above_4g;
	uint32_t handoff_cpu_mode;	/* 4 or 5: paging levels seen at load */
	uint64_t handoff_maddr;
	uint64_t checksum;
	uint64_t page_offset;		/* direct-map base (KASLR): for the
					 * elfcorehdr's PT_LOAD vaddrs */
	char cmdline[P2MDUMP_CMDLINE_MAX];	/* incl. disk=BB:DD.F */
	uint32_t image_source;		/* P2MDUMP_IMAGE_* */
	uint32_t image_size;		/* bytes of the capture kernel ELF */
	uint8_t image_sha256[P2MDUMP_SHA256_SIZE];	/* of those bytes */
	uint32_t target_dev;		/* the disk held, 0: none */
	uint32_t load_flags;		/* p2mdump_load.flags of the armed
					 * load, 0: not armed */
	uint64_t pages_taken;		/* since insmod, from the page
					 * allocator; armed or not */
	uint64_t pages_returned;	/* since insmod, given back: equal
					 * to pages_taken when not armed */
	uint32_t disarm_reason;		/* P2MDUMP_DISARM_*: kept until the
					 * next LOAD or UNLOAD */
	uint32_t recheck_secs;		/* the dump file re-check interval
					 * (module parameter) */
};

#define P2MDUMP_IOC_LOAD	_IOW('P', 1, struct p2mdump_load)
#define P2MDUMP_IOC_UNLOAD	_IO('P', 2)
#define P2MDUMP_IOC_STATUS	_IOR('P', 3, struct p2mdump_status)

_Static_assert(sizeof(struct p2mdump_load) == 88, "p2mdump_load layout");
_Static_assert(__builtin_offsetof(struct p2mdump_load, extents) == 72,
	       "64-bit fields need 8-byte offsets");
_Static_assert(sizeof(struct p2mdump_status) ==
	       64 + P2MDUMP_CMDLINE_MAX + 8 + P2MDUMP_SHA256_SIZE + 8 + 16 + 8,
	       "p2mdump_status layout");

#endif
