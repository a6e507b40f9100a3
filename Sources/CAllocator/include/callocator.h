#ifndef INFRALINT_CALLOCATOR_H
#define INFRALINT_CALLOCATOR_H

/// Sets glibc's allocator for a command that runs once and exits: see
/// InfraLintKit/ProcessMemory.swift. Does nothing with another C library.
void infralint_keep_freed_memory(void);

#endif
