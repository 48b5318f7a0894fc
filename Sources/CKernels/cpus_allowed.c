// How many CPUs the process may run on: its affinity mask (taskset, a container's cpuset).
#define _GNU_SOURCE
#include "ign_kernels.h"

#if defined(__linux__)
#include <sched.h>

int ign_cpus_allowed(void) {
    cpu_set_t mask;
    if (sched_getaffinity(0, sizeof mask, &mask) != 0) return 0;
    return CPU_COUNT(&mask);
}
#else
int ign_cpus_allowed(void) { return 0; }
#endif
