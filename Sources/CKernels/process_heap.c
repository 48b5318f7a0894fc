// ign's processes keep small freed blocks for reuse and give large ones back to the kernel.
//
// glibc serves blocks above its mmap threshold (128 KiB at start) with mmap(2) and gives them
// back with munmap(2) when freed; after the first such free it raises the threshold to that
// block's size (up to 32 MiB), and blocks below it come from heaps that keep freed memory.
// Two costs follow. Loading a model allocates and frees several arrays per layer (weights
// read from the file, folded with batch normalisation, packed), most between 128 KiB and a
// few MiB: mapped, unmapped and faulted in again, munmap alone was about 7% of a one-image
// `ign project`. And with `-j N` every worker thread has a heap (an arena) of its own, which
// kept the largest image it had worked on: four threads over 4000×4000 gray images (31 MiB
// of samples each) peaked at 119 MiB though the shared memory budget let one image in at a
// time (56 MiB with -j 1). A fixed threshold of 4 MiB serves both: the model's arrays are
// reused from the heap, image-sized buffers are mapped on their own and returned when freed.
// The heap's top is returned to the kernel once 64 MiB of it are free.
//
// (ign_keep_freed_memory_for_reuse, called by CBLASStartup's constructor, before main.)
//
// Loading a model then fills a few tens of MiB of that heap (weights read from the file,
// folded with batch normalisation, packed for the products), touching each 4 KiB page once:
// on the 28×28 model about 3,400 page faults, the largest single cost of a one-image
// `ign project`. ign_grow_heap_on_huge_pages, called just before a model is loaded, grows
// the heap by what loading will fill and advises transparent huge pages for that range, so
// the kernel faults it in 2 MiB at a time (where the system's transparent_hugepage setting is
// "madvise" or "always"; otherwise the advice is ignored and nothing changes).
#include "ign_kernels.h"

#if defined(__linux__)
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#endif

#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD) && defined(MADV_HUGEPAGE)     // glibc on Linux
static const int mmap_threshold = 4 << 20;

void ign_keep_freed_memory_for_reuse(void) {
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int ign_grow_heap_on_huge_pages(size_t bytes, uintptr_t *advised_start, uintptr_t *advised_end) {
    const uintptr_t huge = (uintptr_t)2 << 20;
    // The freed block must stay in the heap (not be trimmed back to the kernel), and blocks
    // from 4 MiB up must keep being mapped on their own: the start-up thresholds, set again
    // here for a process whose start-up did not set them.
    ign_keep_freed_memory_for_reuse();
    const size_t most = 30 << 20;                 // glibc takes mmap thresholds up to 32 MiB
    if (bytes > most) bytes = most;
    if (bytes < 2 * huge) return 0;
    // One block of that size from the heap (not mapped on its own), freed at once: the heap
    // has grown to hold it, and its pages stay in the heap's free top for the model.
    mallopt(M_MMAP_THRESHOLD, (int)bytes + 4096);     // above the block with its header
    char *volatile block = malloc(bytes);
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    if (block == NULL) return 0;
    uintptr_t start = ((uintptr_t)block + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)block + bytes) & ~(huge - 1);
    int advised = end > start && madvise((void *)start, end - start, MADV_HUGEPAGE) == 0;
    free(block);
    if (advised && advised_start && advised_end) { *advised_start = start; *advised_end = end; }
    return advised;
}
#else
void ign_keep_freed_memory_for_reuse(void) {}
int ign_grow_heap_on_huge_pages(size_t bytes, uintptr_t *advised_start, uintptr_t *advised_end) {
    (void)bytes; (void)advised_start; (void)advised_end;
    return 0;
}
#endif
