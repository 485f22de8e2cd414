/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which capture kernel LOAD places: the one built into the module (image_data.S)
 * by default, or, for development, one handed in from userspace, which a
 * kernel in lockdown refuses.
 */
#ifndef P2MDUMP_IMAGE_H
#define P2MDUMP_IMAGE_H

#include <linux/types.h>
#include <p2mdump/ioctl.h>

struct capture_image {
	const void *data;
	u32 size;
	u32 source;			/* P2MDUMP_IMAGE_BUILTIN or _USER */
	u8 sha256[P2MDUMP_SHA256_SIZE];	/* of data[0, size) */
	void *copy;			/* a user image's vmalloc copy */
};

/* Picks the image @req asks for into @img: built in when req->image and
 * req->image_size are 0, else a copy of the user's (-EPERM in lockdown). */
int image_get(const struct p2mdump_load *req, struct capture_image *img);

/* Frees a user image's copy; the size, source and sha256 stay. */
void image_put(struct capture_image *img);

#endif
