# elfcore/: the ELF core format, built freestanding and for the host.  The
# loader side builds an elfcorehdr; the capture side parses it, merges the
# notes and lays out the vmcore (the CLI parses too, to refuse early).
ELFCOREHDR_SRCS := elfcore/elfcorehdr.c
VMCORE_SRCS := elfcore/vmcore.c elfcore/notes.c
ELFCORE_INFO_SRCS := elfcore/vmcoreinfo.c
