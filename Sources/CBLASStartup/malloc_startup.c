// ign's processes keep freed memory for reuse instead of returning each large block to the
// kernel.
//
// Loading a model allocates and frees several arrays per layer (weights read from the file,
// folded with batch normalisation, packed for the kernels), most of them between 128 KiB
// and a few MiB. glibc serves blocks above its mmap threshold (128 KiB at start) with
// mmap(2) and gives them back with munmap(2) when freed, so the next array of that size
// faults in and clears fresh pages again: in a one-image `ign project` munmap alone was
// about 7% of the CPU time. Blocks up to 32 MiB now come from the heap and are reused;
// larger ones (images of tens of megapixels) are still mapped and unmapped on their own,
// so a long batch does not keep a peak's worth of memory. The heap's top is returned to
// the kernel once 64 MiB of it are free.
//
// Called by blas_startup.c's constructor, before main.
#include "ign_blas_startup.h"

#if defined(__linux__)
#include <malloc.h>
#endif

#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)     // glibc
void ign_keep_freed_memory_for_reuse(void) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
}
#else
void ign_keep_freed_memory_for_reuse(void) {}
#endif
