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

/* The directory of the running executable, into @buf; 0, or -1 if
 * /proc/self/exe cannot be read. */
static int exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

/* Reads the default image: HELDSIZE_IMAGE next to the executable (a build
 * tree), else HELDSIZE_INSTALLED from it (the package); NULL, with
 * *@missing set if neither exists (nothing printed), else printed. */
static void *read_default(size_t *size, int *missing)
{
	static const char *const rel[] = { HELDSIZE_IMAGE, HELDSIZE_INSTALLED };
	char dir[PATH_MAX], path[PATH_MAX + sizeof(HELDSIZE_INSTALLED) + 1];
	void *image;
	size_t i;

	*missing = 1;
	if (exe_dir(dir, sizeof(dir)))
		return NULL;
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, rel[i]);
		image = read_file(path, P2MDUMP_IMAGE_MAX, size);
		if (image)
			return image;
		if (errno != ENOENT) {
			*missing = 0;
			cli_err("cannot read the capture kernel %s: %s", path,
				strerror(errno));
			return NULL;
		}
	}
	return NULL;
}

/* Reads the ELF at @path (NULL: the default one); NULL, with *@missing
 * set if the default is absent (nothing printed), else printed. */
static void *read_image(const char *path, size_t *size, int *missing)
{
	void *image;

	if (!path)
		return read_default(size, missing);
	*missing = 0;
	image = read_file(path, P2MDUMP_IMAGE_MAX, size);
	if (!image)
		cli_err("cannot read the capture kernel %s: %s", path,
			strerror(errno));
	return image;
}

int heldsize_count(const char *image_path, const struct system_core *c,
		   uint32_t helpers, struct held_size *out)
{
	struct loader_params p = {
		.elfcorehdr = c->hdr,
		.elfcorehdr_size = (uint32_t)c->hdr_size,
		.helpers = helpers,
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
	out->helpers = helpers;
	if (err == LOADER_OK)
		return 0;
	cli_err("%s: %s", image_path ? image_path : HELDSIZE_IMAGE,
		loader_strerror(err));
	return -1;
}
