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
// Called by blas_startup.c's constructor, before main.
#include "ign_blas_startup.h"

#if defined(__linux__)
#include <malloc.h>
#endif

#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)     // glibc
void ign_keep_freed_memory_for_reuse(void) {
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
}
#else
void ign_keep_freed_memory_for_reuse(void) {}
#endif
