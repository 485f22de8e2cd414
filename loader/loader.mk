# loader/core: the freestanding domain builder.
LOADER_CORE_SRCS := loader/core/elf32.c loader/core/build.c \
	loader/core/loader_err.c
