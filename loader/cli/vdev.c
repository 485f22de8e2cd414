// SPDX-License-Identifier: GPL-2.0
/* Can the capture kernel drive the dump target's virtio function?  See
 * vdev.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "read_at.h"
#include "vdev.h"

#define PCI_ID_MODERN_FIRST	0x1040	/* virtio 1.0 non-transitional IDs */
#define CFG_STATUS		0x06
#define CFG_STATUS_CAP_LIST	0x10
#define CFG_CAP_PTR		0x34
#define CFG_SIZE		256	/* conventional config space */
#define CAP_ID_VNDR		0x09
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_F_VERSION_1	32
#define VIRTIO_F_ACCESS_PLATFORM 33

/* True if config space @cfg (@n bytes) lists a virtio common-config
 * capability; -1 if @n is too short to tell (config read as non-root). */
static int has_common_cfg(const uint8_t *cfg, size_t n)
{
	uint32_t cap, guard;

	if (n <= CFG_CAP_PTR)
		return -1;
	if (!(cfg[CFG_STATUS] & CFG_STATUS_CAP_LIST))
		return 0;
	cap = cfg[CFG_CAP_PTR] & 0xfc;
	for (guard = 0; cap && guard < 48; guard++) {
		if (cap + 4 > n)
			return -1;
		if (cfg[cap] == CAP_ID_VNDR &&
		    cfg[cap + 3] == VIRTIO_PCI_CAP_COMMON_CFG)
			return 1;
		cap = cfg[cap + 1] & 0xfc;
	}
	return 0;
}

/* True if the virtio device @dir/@name negotiated feature @bit (its
 * features attribute: one '0' or '1' per bit, bit 0 first). */
static bool negotiated(const char *dir, const char *name, unsigned int bit)
{
	char path[PATH_MAX], bits[160];

	return !path_fmt(path, sizeof(path), "%s/%s/features", dir, name) &&
	       !read_line(path, bits, sizeof(bits)) && strlen(bits) > bit &&
	       bits[bit] == '1';
}

/* The first virtio device under @dir (a driver is bound) that negotiated
 * @bit, into @name; true if there is one. */
static bool any_negotiated(const char *dir, unsigned int bit, char *name,
			   size_t len)
{
	struct dirent *e;
	bool found = false;
	DIR *d = opendir(dir);

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		if (strncmp(e->d_name, "virtio", 6) ||
		    !negotiated(dir, e->d_name, bit))
			continue;
		snprintf(name, len, "%s", e->d_name);
		found = true;
	}
	closedir(d);
	return found;
}

/* Refuses a function that offers only the legacy virtio interface: a
 * modern device ID, VERSION_1 negotiated by Linux's driver (which it can
 * only do through the modern interface) or, as root, a common-config
 * capability says it does not.  0, or -1 printed. */
static int modern_check(const char *spec, const char *dir, unsigned int device)
{
	char path[PATH_MAX];
	uint8_t cfg[CFG_SIZE];
	ssize_t n = -1;
	char name[NAME_MAX + 1];
	int fd, has;

	if (device >= PCI_ID_MODERN_FIRST ||
	    any_negotiated(dir, VIRTIO_F_VERSION_1, name, sizeof(name)))
		return 0;
	if (!path_fmt(path, sizeof(path), "%s/config", dir)) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read_at(fd, cfg, sizeof(cfg), 0);
			close(fd);
		}
	}
	has = n < 0 ? -1 : has_common_cfg(cfg, (size_t)n);
	if (has < 0) {
		cli_err("target %s: cannot read its PCI config space (%s) to see whether it offers the virtio 1.0 interface (run as root)",
			spec, path);
		return -1;
	}
	if (!has) {
		cli_err("target %s offers only the legacy virtio interface: the capture kernel drives virtio 1.0 (modern) devices only (QEMU: disable-modern=off)",
			spec);
		return -1;
	}
	return 0;
}

/* Refuses a function whose virtio device (a virtioN child, if a driver
 * is bound) negotiated VIRTIO_F_ACCESS_PLATFORM; 0, or -1 printed. */
static int platform_check(const char *spec, const char *dir)
{
	char name[NAME_MAX + 1];

	if (!any_negotiated(dir, VIRTIO_F_ACCESS_PLATFORM, name, sizeof(name)))
		return 0;
	cli_err("target %s negotiated VIRTIO_F_ACCESS_PLATFORM (%s): its DMA goes through an IOMMU, and the capture kernel gives it machine addresses",
		spec, name);
	return -1;
}

/* A function in an IOMMU group that translates DMA (type other than
 * "identity") is refused; none without an iommu_group.  See vdev.h. */
int vdev_iommu_check(const char *spec, const char *dir)
{
	char path[PATH_MAX], type[64];

	if (path_fmt(path, sizeof(path), "%s/iommu_group", dir) ||
	    access(path, F_OK))
		return 0;
	if (path_fmt(path, sizeof(path), "%s/iommu_group/type", dir) ||
	    read_line(path, type, sizeof(type))) {
		cli_err("target %s is in an IOMMU group, but %s cannot be read to see whether it translates DMA",
			spec, path);
		return -1;
	}
	if (strcmp(type, "identity")) {
		cli_err("target %s sits behind an IOMMU that translates its DMA (group type %s), and the capture kernel gives it machine addresses: boot with iommu=pt (or iommu.passthrough=1)",
			spec, type);
		return -1;
	}
	return 0;
}

int vdev_check(const char *spec, const char *dir, unsigned int device)
{
	if (modern_check(spec, dir, device) || platform_check(spec, dir))
		return -1;
	return vdev_iommu_check(spec, dir);
}
