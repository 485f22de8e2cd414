// SPDX-License-Identifier: GPL-2.0
/* The pages a load holds while armed; see heldsize.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <p2mdump/ioctl.h>
#include "cli.h"
#include "heldsize.h"
#include "loader/core/build.h"
#include "loader/core/pool.h"

/* HELDSIZE_IMAGE's path next to the running executable, into @buf; 0, or
 * -1 if /proc/self/exe cannot be read. */
static int default_image(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return (size_t)snprintf(buf, len, "%s/%s", exe, HELDSIZE_IMAGE) < len ?
	       0 : -1;
}

/* Reads the ELF at @path (NULL: the default one); NULL, with *@missing
 * set if the default is absent (nothing printed), else printed. */
static void *read_image(const char *path, size_t *size, int *missing)
{
	char def[PATH_MAX];
	void *image;

	*missing = 0;
	if (!path && default_image(def, sizeof(def))) {
		*missing = 1;
		return NULL;
	}
	image = read_file(path ? path : def, P2MDUMP_IMAGE_MAX, size);
	if (!image && !path && errno == ENOENT)
		*missing = 1;
	else if (!image)
		cli_err("cannot read the capture kernel %s: %s",
			path ? path : def, strerror(errno));
	return image;
}

int heldsize_count(const char *image_path, const struct system_core *c,
		   struct held_size *out)
{
	struct loader_params p = {
		.elfcorehdr = c->hdr,
		.elfcorehdr_size = (uint32_t)c->hdr_size,
	};
	struct loader_pool pool;
	enum loader_err err;
	size_t size;
	int missing;
	void *image = read_image(image_path, &size, &missing);

	if (!image)
		return missing ? 1 : -1;
	err = loader_pool(&p, &pool);
	if (err == LOADER_OK)
		err = loader_count_pages(image, size, pool.pages,
					 (uint32_t)c->hdr_size, 1, &out->pages);
	free(image);
	out->pool = pool.pages;
	if (err == LOADER_OK)
		return 0;
	cli_err("%s: %s", image_path ? image_path : HELDSIZE_IMAGE,
		loader_strerror(err));
	return -1;
}
