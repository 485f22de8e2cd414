// SPDX-License-Identifier: GPL-2.0
/*
 * `p2mdump status --json`: the facts status prints, as one JSON object
 * (json.h).  Every key is always there, null where it does not apply (not
 * armed, not a dump file, ...), so a script can rely on the set; the keys
 * and their meaning are the table in docs/linux.md, "status --json", which
 * t_cli.sh checks against this output.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "json.h"
#include "postnotif.h"
#include "status.h"

/* A string member that is null when @on is false. */
static void str_if(struct json *j, const char *key, bool on, const char *s)
{
	json_str(j, key, on ? s : NULL);
}

/* A number member that is null when @on is false. */
static void u64_if(struct json *j, const char *key, bool on, uint64_t v)
{
	if (on)
		json_u64(j, key, v);
	else
		json_str(j, key, NULL);
}

/* "file", "nvme" (disk_nsid= in the words) or "virtio-blk"; NULL when not
 * armed. */
static const char *target_kind(const struct p2mdump_status *st)
{
	char buf[32];

	if (!st->armed)
		return NULL;
	if (st->load_flags & P2MDUMP_LOAD_TARGET_FILE)
		return "file";
	return status_word(st->cmdline, "disk_nsid", buf, sizeof(buf)) ?
	       "nvme" : "virtio-blk";
}

/* The members of the armed load: the capture kernel, image and target. */
static void armed_members(struct json *j, const struct p2mdump_status *st)
{
	bool a = st->armed, file = a && (st->load_flags & P2MDUMP_LOAD_TARGET_FILE);
	char sha[2 * P2MDUMP_SHA256_SIZE + 1], hex[24], dev[24];
	char word[P2MDUMP_CMDLINE_MAX], name[NAME_MAX + 1];
	unsigned int i;

	for (i = 0; i < P2MDUMP_SHA256_SIZE; i++)
		snprintf(sha + 2 * i, 3, "%02x", st->image_sha256[i]);
	u64_if(j, "frames_held", a, st->frames_held);
	u64_if(j, "bytes_held", a, st->bytes_held);
	u64_if(j, "capture_pages", a, st->nr_pages);
	u64_if(j, "contiguous_runs", a, st->contiguous_runs);
	u64_if(j, "frames_above_4g", a, st->frames_above_4g);
	u64_if(j, "handoff_maddr", a, st->handoff_maddr);
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)st->checksum);
	str_if(j, "checksum", a, hex);
	str_if(j, "image_source", a, status_image_source(st->image_source));
	u64_if(j, "image_size", a, st->image_size);
	str_if(j, "image_sha256", a, sha);
	str_if(j, "target", a, status_word(st->cmdline, "disk", word, sizeof(word)));
	json_str(j, "target_kind", target_kind(st));
	snprintf(dev, sizeof(dev), "%u:%u", dev_major(st->target_dev),
		 dev_minor(st->target_dev));
	str_if(j, "target_dev", a && st->target_dev, dev);
	str_if(j, "held_exclusively", a && st->target_dev && !file,
	       status_dev_name(st->target_dev, name, sizeof(name)));
	u64_if(j, "file_recheck_secs", file, st->recheck_secs);
	str_if(j, "nonce", a, status_word(st->cmdline, "nonce", word, sizeof(word)));
	str_if(j, "cmdline", a, st->cmdline);
	u64_if(j, "load_flags", a, st->load_flags);
}

/* The members armed or not: page counters, post_notifiers and kdump. */
static void module_members(struct json *j, const struct p2mdump_status *st)
{
	char v = postnotif_value(), val[2] = { v, 0 };
	const char *note = v ? postnotif_note(st, v) : strerror(errno);
	bool kdump = kdump_loaded();

	json_u64(j, "pages_taken", st->pages_taken);
	json_u64(j, "pages_returned", st->pages_returned);
	json_i64(j, "pages_held", (int64_t)(st->pages_taken - st->pages_returned));
	str_if(j, "post_notifiers", v, val);
	json_str(j, "post_notifiers_note", note);
	json_bool(j, "kdump_loaded", kdump);
	str_if(j, "kdump_note", kdump, kdump_note());
}

void status_json_print(const struct p2mdump_status *st)
{
	struct json j;

	json_begin(&j, stdout);
	json_bool(&j, "armed", st->armed);
	u64_if(&j, "disarm_reason", st->disarm_reason, st->disarm_reason);
	str_if(&j, "disarm_why", st->disarm_reason,
	       status_disarm_why(st->disarm_reason));
	armed_members(&j, st);
	module_members(&j, st);
	json_end(&j);
}
