# kdump/: makedumpfile's kdump-compressed format, built freestanding (the
# capture kernel writes it) and for the host (tests and tools).
KDUMP_SRCS := kdump/header.c kdump/writer.c kdump/bitmap.c kdump/pages.c \
	kdump/params.c kdump/jobs.c
