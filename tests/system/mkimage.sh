#!/bin/bash
# mkimage.sh WORK IMAGE UUID: the e2e's disk IMAGE, an MBR and one ext4
# partition from 1 MiB on holding the root filesystem WORK (mke2fs -d on
# a plain file, no loop device: tests/linux/lib.sh disk_image), with
# filesystem UUID (the fstab's and root=).  Its size is WORK's plus
# P2MDUMP_E2E_FREE_MIB (default 1536): room for the dump file (~350 MiB
# for a 1 GiB guest) and the saved dump.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$ROOT/tests/linux/lib.sh"	# disk_image

work=$1
image=$2
uuid=$3
free=${P2MDUMP_E2E_FREE_MIB:-1536}
used=$(du -sm "$work" | cut -f1)
mib=$((used * 11 / 10 + free))	# + 10%: ext4's metadata and journal
disk_image "$image" "ext4:$mib" "-d $work -U $uuid -L p2me2e-root" ||
	{ echo "mkimage: mkfs.ext4 -d $work failed" >&2; exit 1; }
echo "mkimage: $image, root partition $mib MiB ($used MiB used)"
