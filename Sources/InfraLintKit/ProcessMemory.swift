import CAllocator

/// How a command that runs once, reads a design and exits asks the C allocator
/// for memory (issue 18, README "Performance"). Long-running commands (`lsp`,
/// `serve`) keep glibc's defaults, so that they give memory back.
///
/// glibc hands every block above a threshold (128 KiB at first) a mapping of its
/// own and gives the top of its heap back to the system as soon as 128 KiB of it
/// is free. A lint builds a syntax tree, frees most of it and then builds the
/// analyses: the memory the tree had was given back and faulted in again, 4 KiB
/// at a time. Keeping blocks up to 32 MiB in a heap that is never trimmed, and
/// advising huge pages over the first 256 MiB of it (on Linux with transparent
/// huge pages in `madvise` or `always` mode), took a lint of 100,000 elements from
/// 44,700 page faults to about 1,300 and from 0.10 s of system time to 0.02 s; its
/// peak memory grew by 2 MiB (whole 2 MiB pages), an empty design's not at all.
public enum ProcessMemory {
    public static func prepareForOneRun() {
        _ = infralint_prepare_heap(256 << 20)
    }
}
