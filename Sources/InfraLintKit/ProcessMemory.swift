import CAllocator

/// How a command that runs once, reads a design and exits asks the C allocator
/// for memory (issue 18, README "Performance"). Long-running commands (`lsp`,
/// `serve`) keep glibc's defaults, so that they give memory back.
///
/// glibc gives every block above a threshold (128 KiB at first, raised as such
/// blocks are freed) a mapping of its own, and gives the top of its heap back to
/// the system once 128 KiB of it is free. A lint builds a syntax tree, frees most
/// of it and then builds the analyses: the memory the tree had went back to the
/// system and was faulted in again, 4 KiB at a time. Keeping blocks up to 32 MiB
/// in a heap that is never trimmed took a lint of 100,000 elements from 44,700
/// page faults to 32,600, and its CPU from 720 to 649 ms (medians of 15,
/// interleaved), with the same peak memory.
///
/// Tried and not kept: advising transparent huge pages over the heap (what
/// glibc's `glibc.malloc.hugetlb=1` tunable does) took the faults to 1,300 and
/// some runs to 510 ms, but when the kernel had to compact memory to find 2 MiB
/// pages it spent a quarter of a second doing so, and the median got worse.
public enum ProcessMemory {
    public static func prepareForOneRun() {
        infralint_keep_freed_memory()
    }
}
