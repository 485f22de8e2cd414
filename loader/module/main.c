// SPDX-License-Identifier: GPL-2.0
/*
 * p2mdump.ko: arms the p2mdump capture kernel on a running Linux.
 *
 * /dev/p2mdump takes the elfcorehdr and the command line from the CLI
 * (include/p2mdump/ioctl.h), places the capture kernel (the module's own,
 * or for development one from the CLI: image.h) into ordinary free pages
 * with the loader core, puts the handoff code into its handoff page,
 * builds the transition page table and arms the panic path.  Unloading
 * (or removing the module) gives every page back.
 */
#include <linux/cc_platform.h>
#include <linux/kexec.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <p2mdump/start_info.h>
#include <p2mdump/extent_map.h>
#include <p2mdump/pae.h>
#include "handoff.h"
#include "p2mdump.h"
#include "loader/core/pool.h"


static DEFINE_MUTEX(lock);
static struct capture *loaded;		/* under lock */
static u32 disarm_reason;		/* under lock: P2MDUMP_DISARM_* */

/* A dump file's blocks are re-checked this often (target_file.c). */
static unsigned int recheck_secs = 30;
module_param(recheck_secs, uint, 0644);
MODULE_PARM_DESC(recheck_secs, "seconds between re-checks of a dump file's blocks (default 30, at least 1)");

static void recheck_work_fn(struct work_struct *work);
static void schedule_recheck(void);
static DECLARE_DELAYED_WORK(recheck_work, recheck_work_fn);

static int loader_errno(enum loader_err err)
{
	switch (err) {
	case LOADER_ERR_NO_FRAMES:
		return -ENOMEM;
	case LOADER_ERR_CMDLINE:
		return -E2BIG;
	case LOADER_ERR_UNMAPPABLE:
	case LOADER_ERR_DUP_FRAME:
	case LOADER_ERR_BAD_PARAMS:
	case LOADER_ERR_ELFCOREHDR:
	case LOADER_ERR_EXTENT_MAP:
		return -EINVAL;
	case LOADER_ERR_TOO_MANY_LOADS:
		return -EFBIG;
	case LOADER_ERR_POOL_SMALL:
		return -ENOSPC;
	default:
		return -ENOEXEC;	/* the image is not a capture kernel */
	}
}

void *copy_in(u64 uptr, u64 size, u64 max, int *err)
{
	void *buf;

	*err = -EFBIG;
	if (size == 0 || size > max)
		return NULL;
	*err = -ENOMEM;
	buf = vmalloc(size);
	if (!buf)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(buf, u64_to_user_ptr(uptr), size)) {
		vfree(buf);
		return NULL;
	}
	*err = 0;
	return buf;
}

/* The handoff code goes into the handoff page, after the PDPT. */
static void install_handoff(struct capture *c)
{
	const struct start_info *si = &c->result.si;
	size_t len = p2mdump_handoff_end - p2mdump_handoff_start;
	u8 *page = phys_to_virt(si->handoff_maddr);
	struct handoff_params *params = (struct handoff_params *)
		(page + HANDOFF_CODE_OFFSET +
		 (p2mdump_handoff_params - p2mdump_handoff_start));

	BUILD_BUG_ON(HANDOFF_CODE_OFFSET < PDPT_ENTRIES * 8);
	memcpy(page + HANDOFF_CODE_OFFSET, p2mdump_handoff_start, len);
	params->pdpt_maddr = (u32)c->result.pdpt_maddr;
	params->entry_vaddr = c->result.entry_vaddr;
	params->start_info_vaddr = c->result.start_info_vaddr;
}

static void capture_free(struct capture *c)
{
	target_release(c);
	image_put(&c->image);
	transition_free(&c->trans);
	kvfree(c->p2m);
	kvfree(c->m2p);
	kfree(c);
}

/* The helpers= word of @cmdline (load's --helpers): the helper CPUs whose
 * pool pages the loader adds; 0 if absent or malformed. */
static u32 cmdline_helpers(const char *cmdline)
{
	const char *v = cmdline_value(cmdline, "helpers");
	size_t len = v ? strcspn(v, " ") : 0;
	char num[12];
	u32 n;

	if (!len || len >= sizeof(num))
		return 0;
	memcpy(num, v, len);
	num[len] = 0;
	return kstrtou32(num, 10, &n) ? 0 : n;
}

static int build(struct capture *c, const struct p2mdump_load *req,
		 const void *hdr, const char *cmdline,
		 const struct dump_extent *extents)
{
	const void *image = c->image.data;
	struct loader_params params = {
		.image = image,
		.image_size = c->image.size,
		.cmdline = cmdline,
		.pool_pages = req->pool_pages,
		.max_mfn = PFN_DOWN(__pa(high_memory - 1)) + 1,
		.phys_bits = boot_cpu_data.x86_phys_bits,
		.elfcorehdr = hdr,
		.elfcorehdr_size = req->elfcorehdr_size,
		.extents = extents,
		.nr_extents = req->nr_extents,
		.helpers = cmdline_helpers(cmdline),
	};
	struct loader_pool pool;
	struct loader_work work;
	struct frame_source src;
	enum loader_err err;
	u32 nr;

	err = loader_pool(&params, &pool);
	if (err != LOADER_OK) {
		pr_info("p2mdump: load refused: %s (pool %u pages, need %u; %u PT_LOADs, at most %u)\n",
			loader_strerror(err), pool.pages, pool.need,
			pool.counts.nr_loads, CORE_MAX_LOADS);
		return loader_errno(err);
	}
	params.pool_pages = pool.pages;
	err = loader_count_pages(image, params.image_size, params.pool_pages,
				 req->elfcorehdr_size, params.nr_extents, &nr);
	if (err != LOADER_OK)
		return loader_errno(err);
	c->p2m = kvmalloc_array(nr, sizeof(*c->p2m), GFP_KERNEL);
	c->m2p = kvmalloc_array(nr, sizeof(*c->m2p), GFP_KERNEL);
	if (!c->p2m || !c->m2p)
		return -ENOMEM;
	work = (struct loader_work){ c->p2m, c->m2p, nr, 0 };
	if (frames_source_begin(&src, nr))
		return -ENOMEM;
	err = loader_build(&params, &src, &work, &c->result);
	frames_source_end(&src);
	if (err != LOADER_OK) {
		pr_info("p2mdump: load failed: %s\n", loader_strerror(err));
		frames_give_back(c->p2m, work.nr_taken);
		return loader_errno(err);
	}
	c->nr_pages = c->result.si.nr_pages;
	install_handoff(c);
	return 0;
}

static int do_load(const struct p2mdump_load __user *ureq)
{
	struct p2mdump_load req;
	void *hdr = NULL, *extents = NULL;
	char *cmdline = NULL;
	struct capture *c;
	int err;

	/* The capture kernel reads memory and hands the disk machine
	 * addresses without the encryption bit: it would dump ciphertext. */
	if (cc_platform_has(CC_ATTR_MEM_ENCRYPT)) {
		pr_warn("p2mdump: load refused: memory encryption (SME/SEV) is active and the capture kernel cannot read encrypted memory\n");
		return -EOPNOTSUPP;
	}
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.size != sizeof(req) || req.version != P2MDUMP_ABI_VERSION ||
	    req.nr_cpus > P2MDUMP_MAX_CPUS ||
	    (req.target_fd && !(req.flags & P2MDUMP_LOAD_TARGET_FILE)) ||
	    req.nr_extents == 0 || req.nr_extents > EXTENT_MAP_MAX ||
	    (req.flags & ~P2MDUMP_LOAD_FLAGS))
		return -EINVAL;
	if (kexec_crash_loaded() && !(req.flags & P2MDUMP_LOAD_FORCE))
		return -EEXIST;		/* kdump would run before us */
	if (loaded)
		return -EBUSY;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	err = image_get(&req, &c->image);	/* lockdown: first */
	if (err)
		goto out;
	c->nr_cpus = req.nr_cpus;
	c->load_flags = req.flags;
	err = -EFAULT;
	if (copy_from_user(c->crash_notes, u64_to_user_ptr(req.crash_notes),
			   req.nr_cpus * sizeof(u64)))
		goto out;
	cmdline = strndup_user(u64_to_user_ptr(req.cmdline),
			       P2MDUMP_CMDLINE_MAX);
	if (IS_ERR(cmdline)) {
		err = PTR_ERR(cmdline) == -EINVAL ? -E2BIG : PTR_ERR(cmdline);
		cmdline = NULL;
		goto out;
	}
	if (req.flags & P2MDUMP_LOAD_TARGET_FILE)
		err = target_file_get(c, &req, cmdline);
	else
		err = target_claim(c, req.target_dev, cmdline);
	if (err)
		goto out;
	hdr = copy_in(req.elfcorehdr, req.elfcorehdr_size,
		      P2MDUMP_ELFCOREHDR_MAX, &err);
	if (!hdr)
		goto out;
	extents = copy_in(req.extents,
			  (u64)req.nr_extents * sizeof(struct dump_extent),
			  EXTENT_MAP_MAX * sizeof(struct dump_extent), &err);
	if (!extents)
		goto out;
	if (c->file)
		err = target_file_check_map(c, extents, req.nr_extents);
	else
		err = target_check_map(c, extents, req.nr_extents);
	if (err)
		goto out;
	err = build(c, &req, hdr, cmdline, extents);
	if (!err)
		err = transition_build(&c->trans);
	if (!err)
		err = notes_check(c);
	if (err) {
		if (c->nr_pages)
			frames_give_back(c->p2m, c->nr_pages);
		goto out;
	}
	c->handoff_sum = handoff_sum(c);
	image_put(&c->image);		/* the pages hold it now */
	loaded = c;
	c = NULL;
	disarm_reason = 0;
	panic_path_arm(loaded);
	schedule_recheck();
	pr_info("p2mdump: armed (%s image): %u pages, %u machine-contiguous runs, %u above 4 GiB\n",
		loaded->image.source == P2MDUMP_IMAGE_BUILTIN ? "built-in" : "user",
		loaded->nr_pages, loaded->result.contiguous_runs,
		loaded->result.frames_above_4g);
out:
	if (c)
		capture_free(c);
	vfree(hdr);
	vfree(extents);
	kfree(cmdline);
	return err;
}

/*
 * Disarms and gives every page back (under lock).  After the panic path
 * forgets the capture, synchronize_rcu() waits for any CPU still inside
 * the panic notifier chain (atomic notifiers run under rcu_read_lock())
 * that read the old pointer, so no panic enters pages being freed.
 */
static void disarm(void)
{
	cancel_delayed_work(&recheck_work);	/* not _sync: it takes lock */
	panic_path_arm(NULL);
	synchronize_rcu();
	frames_give_back(loaded->p2m, loaded->nr_pages);
	capture_free(loaded);
	loaded = NULL;
}

static int do_unload(void)
{
	if (!loaded && disarm_reason) {
		disarm_reason = 0;	/* the module disarmed: acknowledged */
		return 0;
	}
	if (!loaded)
		return -ENOENT;
	disarm();
	disarm_reason = 0;
	return 0;
}

/* Schedules the next re-check of an armed dump file (under lock). */
static void schedule_recheck(void)
{
	/* mod_: a re-check still pending from an earlier load or interval
	 * takes this one's delay. */
	if (loaded && loaded->file)
		mod_delayed_work(system_wq, &recheck_work,
				 max(1u, READ_ONCE(recheck_secs)) * HZ);
}

/* Disarms if the armed dump file's blocks moved since load (under lock). */
static void recheck_file(void)
{
	if (!loaded || !target_file_recheck(loaded))
		return;
	pr_warn("p2mdump: disarmed: the dump file's blocks changed since load; p2mdump load again\n");
	disarm();
	disarm_reason = P2MDUMP_DISARM_FILE_MOVED;
}

static void recheck_work_fn(struct work_struct *work)
{
	mutex_lock(&lock);
	recheck_file();
	schedule_recheck();
	mutex_unlock(&lock);
}

static int do_status(struct p2mdump_status __user *ustatus)
{
	struct p2mdump_status st;

	recheck_file();
	memset(&st, 0, sizeof(st));
	st.size = sizeof(st);
	st.version = P2MDUMP_ABI_VERSION;
	st.page_offset = PAGE_OFFSET;
	st.disarm_reason = disarm_reason;
	st.recheck_secs = READ_ONCE(recheck_secs);
	pages_counted(&st.pages_taken, &st.pages_returned);
	if (loaded) {
		const struct loader_result *r = &loaded->result;

		st.armed = 1;
		st.nr_pages = loaded->nr_pages;
		st.frames_held = loaded->nr_pages + loaded->trans.nr_pages;
		st.bytes_held = (u64)st.frames_held << PAGE_SHIFT;
		st.contiguous_runs = r->contiguous_runs;
		st.frames_above_4g = r->frames_above_4g;
		st.handoff_cpu_mode = loaded->trans.levels;
		st.handoff_maddr = r->si.handoff_maddr;
		st.checksum = r->si.checksum;
		st.target_dev = target_dev(loaded);
		st.load_flags = loaded->load_flags;
		strscpy(st.cmdline, r->si.cmdline, sizeof(st.cmdline));
		st.image_source = loaded->image.source;
		st.image_size = loaded->image.size;
		memcpy(st.image_sha256, loaded->image.sha256,
		       sizeof(st.image_sha256));
	}
	return copy_to_user(ustatus, &st, sizeof(st)) ? -EFAULT : 0;
}

static long p2mdump_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	long ret;

	if (!capable(CAP_SYS_BOOT))	/* as kexec_load(): the node's mode is not enough */
		return -EPERM;
	mutex_lock(&lock);
	switch (cmd) {
	case P2MDUMP_IOC_LOAD:
		ret = do_load((void __user *)arg);
		break;
	case P2MDUMP_IOC_UNLOAD:
		ret = do_unload();
		break;
	case P2MDUMP_IOC_STATUS:
		ret = do_status((void __user *)arg);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&lock);
	return ret;
}

static const struct file_operations p2mdump_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = p2mdump_ioctl,
};

static struct miscdevice p2mdump_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "p2mdump",
	.fops = &p2mdump_fops,
	.mode = 0600,
};

static int __init p2mdump_init(void)
{
	int err = panic_path_init();

	if (err)
		return err;
	err = misc_register(&p2mdump_dev);
	if (err)
		panic_path_exit();
	return err;
}

static void __exit p2mdump_exit(void)
{
	misc_deregister(&p2mdump_dev);
	panic_path_exit();
	cancel_delayed_work_sync(&recheck_work);	/* it takes lock */
	mutex_lock(&lock);
	do_unload();
	mutex_unlock(&lock);
}

module_init(p2mdump_init);
module_exit(p2mdump_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("p2mdump: crash dumps from a capture kernel in scattered pages");
