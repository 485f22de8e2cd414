// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper, not part of p2mdump: an LD_PRELOAD library that plays
 * p2mdump.ko behind a fake device, so that tests/host/t_cli.sh can run
 * `p2mdump load/status/unload` to the end on a host without the module.
 *
 * ioctl() on the file $P2MDUMP_DEVICE answers like the module's
 * do_load/do_unload/do_status (loader/module/main.c); other fds go to the
 * real ioctl().  State lives in the directory $P2MDUMP_FAKE_STATE: a LOAD
 * writes what it received there (image (a user one only), elfcorehdr,
 * cmdline, crash_notes, target_dev, load.txt) and arms; UNLOAD removes
 * the cmdline file, which disarms.  STATUS reports the built-in image as
 * FAKE_BUILTIN_SIZE bytes with sha256 00 01 02 .. 1f, a user image as its
 * size with sha256 ab ab .. ab, the load's flags, and page counters kept
 * in the state file pages.txt (a LOAD takes FAKE_FRAMES, an UNLOAD gives
 * them back).
 *   $P2MDUMP_FAKE_ERRNO        LOAD fails with this errno
 *   $P2MDUMP_FAKE_PAGE_OFFSET  STATUS's page_offset (0xffff888000000000)
 *   $P2MDUMP_FAKE_VERSION      STATUS's ABI version (P2MDUMP_ABI_VERSION)
 *   $P2MDUMP_FAKE_SYSFS_ERRNO  write() to a file under $P2MDUMP_SYSFS
 *                              fails with this errno (a kernel refusing
 *                              a parameter, which root cannot fake with
 *                              file modes)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <p2mdump/extent_map.h>
#include <p2mdump/ioctl.h>

#define FAKE_FRAMES	107
#define FAKE_PAGES	100
#define FAKE_BUILTIN_SIZE	98632

typedef unsigned long long ull;

/* The value of environment variable @name as a number, or @def. */
static ull env_num(const char *name, ull def)
{
	const char *s = getenv(name);

	return s && s[0] ? strtoull(s, NULL, 0) : def;
}

/* "$P2MDUMP_FAKE_STATE/@name" into @buf. */
static const char *state_path(char *buf, size_t len, const char *name)
{
	const char *dir = getenv("P2MDUMP_FAKE_STATE");

	snprintf(buf, len, "%s/%s", dir ? dir : ".", name);
	return buf;
}

/* Writes @len bytes of @data to state file @name; 0 or -EIO. */
static int put(const char *name, const void *data, size_t len)
{
	char path[4096];
	FILE *f = fopen(state_path(path, sizeof(path), name), "w");
	int ok;

	if (!f)
		return -EIO;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

/* The page counters of pages.txt into @taken, @returned (0 0 if none). */
static void pages_get(ull *taken, ull *returned)
{
	char path[4096];
	FILE *f = fopen(state_path(path, sizeof(path), "pages.txt"), "r");

	*taken = *returned = 0;
	if (!f)
		return;
	if (fscanf(f, "%llu %llu", taken, returned) != 2)
		*taken = *returned = 0;
	fclose(f);
}

/* Adds @taken and @returned to pages.txt's counters; 0 or -EIO. */
static int pages_add(ull taken, ull returned)
{
	char text[64];
	ull t, r;

	pages_get(&t, &r);
	snprintf(text, sizeof(text), "%llu %llu\n", t + taken, r + returned);
	return put("pages.txt", text, strlen(text));
}

/* True if a capture kernel is "armed". */
static int armed(void)
{
	char path[4096];

	return access(state_path(path, sizeof(path), "cmdline"), F_OK) == 0;
}

/* True if the fake sysfs says a kdump kernel is loaded. */
static int kdump_loaded(void)
{
	const char *root = getenv("P2MDUMP_SYSFS");
	char path[4096], c = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kernel/kexec_crash_loaded",
		 root ? root : "/sys");
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fread(&c, 1, 1, f) != 1)
		c = 0;
	fclose(f);
	return c == '1';
}

static int do_load(const struct p2mdump_load *req)
{
	char text[256], path[4096];
	int err;

	if (req->size != sizeof(*req) || req->version != P2MDUMP_ABI_VERSION ||
	    req->nr_cpus > P2MDUMP_MAX_CPUS ||
	    (req->target_fd && !(req->flags & P2MDUMP_LOAD_TARGET_FILE)) ||
	    req->nr_extents == 0 || req->nr_extents > EXTENT_MAP_MAX ||
	    (req->flags & ~P2MDUMP_LOAD_FLAGS))
		return -EINVAL;
	/* A dump file: the descriptor must be open, read-only, as the real
	 * module's fget() and the CLI's contract (ioctl.h) want. */
	if ((req->flags & P2MDUMP_LOAD_TARGET_FILE) &&
	    (fcntl(req->target_fd, F_GETFL) < 0 ||
	     (fcntl(req->target_fd, F_GETFL) & O_ACCMODE) != O_RDONLY))
		return -EBADF;
	if (kdump_loaded() && !(req->flags & P2MDUMP_LOAD_FORCE))
		return -EEXIST;
	if (armed())
		return -EBUSY;
	if (getenv("P2MDUMP_FAKE_ERRNO"))
		return -(int)env_num("P2MDUMP_FAKE_ERRNO", EIO);
	if (!req->image != !req->image_size || !req->elfcorehdr_size ||
	    strnlen((const char *)(uintptr_t)req->cmdline,
		    P2MDUMP_CMDLINE_MAX) >= P2MDUMP_CMDLINE_MAX)
		return -EINVAL;
	snprintf(text, sizeof(text),
		 "image_size=%llu\nelfcorehdr_size=%llu\nnr_cpus=%u\npool_pages=%u\nflags=%u\ntarget_dev=%u:%u\n",
		 (ull)req->image_size, (ull)req->elfcorehdr_size, req->nr_cpus,
		 req->pool_pages, req->flags,
		 req->target_dev >> P2MDUMP_MINORBITS,
		 req->target_dev & ((1u << P2MDUMP_MINORBITS) - 1));
	err = put("load.txt", text, strlen(text));
	if (!err && req->image)
		err = put("image.bin", (void *)(uintptr_t)req->image,
			  req->image_size);
	if (!err && !req->image)	/* the built-in one: no file */
		unlink(state_path(path, sizeof(path), "image.bin"));
	if (!err)
		err = put("elfcorehdr.bin", (void *)(uintptr_t)req->elfcorehdr,
			  req->elfcorehdr_size);
	if (!err)
		err = put("crash_notes.bin",
			  (void *)(uintptr_t)req->crash_notes,
			  req->nr_cpus * sizeof(uint64_t));
	if (!err)
		err = put("extents.bin", (void *)(uintptr_t)req->extents,
			  req->nr_extents * sizeof(struct dump_extent));
	if (!err)
		err = put("target_dev", &req->target_dev,
			  sizeof(req->target_dev));
	if (!err)
		err = pages_add(FAKE_FRAMES, 0);
	if (!err)
		err = put("cmdline", (void *)(uintptr_t)req->cmdline,
			  strlen((const char *)(uintptr_t)req->cmdline));
	return err;
}

static int do_unload(void)
{
	char path[4096];

	if (!armed())
		return -ENOENT;
	if (unlink(state_path(path, sizeof(path), "cmdline")))
		return -EIO;
	return pages_add(0, FAKE_FRAMES);
}

/* The image fields and load_flags of STATUS, from load.txt. */
static void image_status(struct p2mdump_status *st)
{
	char path[4096];
	unsigned long long size = 0, skip;
	unsigned int i;
	FILE *f = fopen(state_path(path, sizeof(path), "load.txt"), "r");

	if (f) {
		if (fscanf(f, "image_size=%llu\nelfcorehdr_size=%llu\nnr_cpus=%llu\npool_pages=%llu\nflags=%u",
			   &size, &skip, &skip, &skip, &st->load_flags) != 5)
			size = 0;
		fclose(f);
	}
	st->image_source = size ? P2MDUMP_IMAGE_USER : P2MDUMP_IMAGE_BUILTIN;
	st->image_size = size ? (uint32_t)size : FAKE_BUILTIN_SIZE;
	for (i = 0; i < sizeof(st->image_sha256); i++)
		st->image_sha256[i] = size ? 0xab : i;
}

static int do_status(struct p2mdump_status *st)
{
	char path[4096];
	FILE *f;

	memset(st, 0, sizeof(*st));
	st->size = sizeof(*st);
	st->version = (uint32_t)env_num("P2MDUMP_FAKE_VERSION",
					P2MDUMP_ABI_VERSION);
	st->page_offset = env_num("P2MDUMP_FAKE_PAGE_OFFSET",
				  0xffff888000000000ull);
	pages_get((ull *)&st->pages_taken, (ull *)&st->pages_returned);
	st->recheck_secs = 30;
	/* P2MDUMP_FAKE_DISARM=N: the module disarmed by itself, reason N. */
	st->disarm_reason = (uint32_t)env_num("P2MDUMP_FAKE_DISARM", 0);
	if (!armed() || st->disarm_reason)
		return 0;
	st->armed = 1;
	st->nr_pages = FAKE_PAGES;
	st->frames_held = FAKE_FRAMES;
	st->bytes_held = FAKE_FRAMES * 4096ull;
	st->contiguous_runs = 3;
	st->frames_above_4g = 2;
	st->handoff_cpu_mode = 4;
	st->handoff_maddr = 0x2a3f000;
	st->checksum = 0x0123456789abcdefull;
	f = fopen(state_path(path, sizeof(path), "target_dev"), "r");
	if (f) {
		if (fread(&st->target_dev, sizeof(st->target_dev), 1, f) != 1)
			st->target_dev = 0;
		fclose(f);
	}
	image_status(st);
	f = fopen(state_path(path, sizeof(path), "cmdline"), "r");
	if (f) {
		if (!fgets(st->cmdline, sizeof(st->cmdline), f))
			st->cmdline[0] = '\0';
		fclose(f);
	}
	return 0;
}

/* True if @fd is the fake device. */
static int is_fake(int fd)
{
	const char *dev = getenv("P2MDUMP_DEVICE");
	struct stat a, b;

	return dev && fstat(fd, &a) == 0 && stat(dev, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* True if @fd is a file under $P2MDUMP_SYSFS. */
static int in_sysfs(int fd)
{
	const char *root = getenv("P2MDUMP_SYSFS");
	char link[64], path[4096], real[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (!root || n < 0 || !realpath(root, real))
		return 0;
	path[n] = '\0';
	return !strncmp(path, real, strlen(real)) && path[strlen(real)] == '/';
}

ssize_t write(int fd, const void *buf, size_t len)
{
	ssize_t (*real)(int, const void *, size_t);

	if (getenv("P2MDUMP_FAKE_SYSFS_ERRNO") && in_sysfs(fd)) {
		errno = (int)env_num("P2MDUMP_FAKE_SYSFS_ERRNO", EIO);
		return -1;
	}
	real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT,
							      "write");
	return real(fd, buf, len);
}

int ioctl(int fd, unsigned long req, ...)
{
	int (*real)(int, unsigned long, ...);
	void *arg;
	va_list ap;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!is_fake(fd)) {
		real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT,
							       "ioctl");
		return real(fd, req, arg);
	}
	switch (req) {
	case P2MDUMP_IOC_LOAD:
		ret = do_load(arg);
		break;
	case P2MDUMP_IOC_UNLOAD:
		ret = do_unload();
		break;
	case P2MDUMP_IOC_STATUS:
		ret = do_status(arg);
		break;
	default:
		ret = -ENOTTY;
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}
