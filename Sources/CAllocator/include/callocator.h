#ifndef INFRALINT_CALLOCATOR_H
#define INFRALINT_CALLOCATOR_H

#include <stddef.h>

/// Prepares glibc's heap for a command that runs once and exits: see
/// InfraLintKit/ProcessMemory.swift. Returns 0 when the heap was extended by
/// `reserve` bytes of address space and advised to use huge pages, -1 when it was
/// not (another C library, no transparent huge pages, no room); the allocator
/// settings apply either way. Does nothing elsewhere than glibc.
int infralint_prepare_heap(size_t reserve);

#endif
