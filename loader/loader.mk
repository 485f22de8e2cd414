# loader/core: the freestanding domain builder.
# It counts the elfcorehdr with the capture kernel's own parser and
# plans the pool with the capture kernel's formula (loader/core/pool.h).
LOADER_CORE_SRCS := loader/core/elf32.c loader/core/build.c \
	loader/core/loader_err.c loader/core/pool.c elfcore/vmcore.c \
	$(POOL_NEED_SRCS) $(EXTENT_MAP_SRCS)
