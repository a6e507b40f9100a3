#include "callocator.h"

// Any libc header defines __GLIBC__ when the C library is glibc.
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

int infralint_prepare_heap(size_t reserve) {
#if defined(__GLIBC__)
    // Blocks up to 32 MiB (the most glibc accepts on 64-bit systems) come from
    // the heap, not from mappings of their own, and the heap's top is never
    // given back: what one stage frees, the next reuses without faulting it in.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
#if defined(MADV_HUGEPAGE)
    // Extend the heap once by `reserve` bytes of address space (the top pad of
    // one allocation that the top of the heap cannot hold, freed at once and
    // kept), then advise huge pages over it, as glibc's glibc.malloc.hugetlb=1
    // tunable does for each extension: a page of 2 MiB is faulted in where 512
    // of 4 KiB were. Only the pages a command touches are ever backed.
    const uintptr_t huge = 2 * 1024 * 1024;
    uintptr_t before = (uintptr_t)sbrk(0);
    mallopt(M_TOP_PAD, (int)(reserve < INT_MAX ? reserve : INT_MAX));
    // Volatile: a block allocated and freed unused may otherwise be optimised away.
    char *volatile block = malloc(31 * 1024 * 1024);
    mallopt(M_TOP_PAD, 128 * 1024);
    if (block == NULL) return -1;
    free(block);
    uintptr_t after = (uintptr_t)sbrk(0);
    uintptr_t start = (before + huge - 1) & ~(huge - 1);
    if (before == (uintptr_t)-1 || after <= start + huge) return -1;
    return madvise((void *)start, after - start, MADV_HUGEPAGE) == 0 ? 0 : -1;
#else
    (void)reserve;
    return -1;
#endif
#else
    (void)reserve;
    return -1;
#endif
}
