# lib/: the freestanding library under the capture kernel and the guest
# harness (printk, panic, string functions), reaching the machine only
# through lib/hooks.h; and the checksum, which the host tools and the
# module build too.
LIB_SRCS := lib/printk.c lib/panic.c lib/string.c lib/csum.c
CSUM_SRCS := lib/csum.c
