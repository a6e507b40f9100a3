#include "callocator.h"

// Any libc header defines __GLIBC__ when the C library is glibc.
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void infralint_keep_freed_memory(void) {
#if defined(__GLIBC__)
    // Blocks up to 32 MiB (the most glibc accepts on 64-bit systems) come from
    // the heap, not from mappings of their own, and the heap's top is never
    // given back: what one stage frees, the next reuses without faulting it in.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
}
