// SPDX-License-Identifier: GPL-2.0
/* The capture image LOAD places.  See image.h. */
#include <crypto/sha2.h>
#include <linux/security.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "image.h"
#include "p2mdump.h"

extern const u8 p2mdump_builtin_image[], p2mdump_builtin_image_end[];

/*
 * Lockdown (LOCKDOWN_KEXEC, as kexec_load() asks) is about code that the
 * signed kernel and modules do not vouch for: the built-in image is part
 * of the module, a user image is not.
 */
static int take_user(const struct p2mdump_load *req, struct capture_image *img)
{
	int err;

	if (security_locked_down(LOCKDOWN_KEXEC)) {
		pr_warn("p2mdump: load refused: the kernel is locked down and a capture kernel from userspace cannot be verified; load without an image uses the module's own\n");
		return -EPERM;
	}
	img->copy = copy_in(req->image, req->image_size, P2MDUMP_IMAGE_MAX,
			    &err);
	if (!img->copy)
		return err;
	img->data = img->copy;
	img->size = req->image_size;
	img->source = P2MDUMP_IMAGE_USER;
	return 0;
}

int image_get(const struct p2mdump_load *req, struct capture_image *img)
{
	int err;

	memset(img, 0, sizeof(*img));
	if (req->image || req->image_size) {
		err = take_user(req, img);
		if (err)
			return err;
	} else {
		img->data = p2mdump_builtin_image;
		img->size = p2mdump_builtin_image_end - p2mdump_builtin_image;
		img->source = P2MDUMP_IMAGE_BUILTIN;
	}
	sha256(img->data, img->size, img->sha256);
	return 0;
}

void image_put(struct capture_image *img)
{
	vfree(img->copy);
	img->copy = NULL;
	img->data = NULL;
}
