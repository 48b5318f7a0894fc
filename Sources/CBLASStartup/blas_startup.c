// OpenBLAS starts without worker threads in ign's processes.
//
// Debian's OpenBLAS (the pthread build) starts its worker threads while the library is
// loaded, before main, and an idle worker polls with sched_yield for about a tenth of a
// second before it sleeps. ign never gives OpenBLAS more than the calling thread (it splits
// products over its own workers, see MatrixMultiply), so in a short `ign project` those
// threads only burned the other core: about 20 ms of CPU per run, a third of the total,
// which is throughput lost to `make -j2` over a folder of images.
//
// OpenBLAS sizes its thread pool from the CPUs the process may run on when it starts. A
// function in the executable's .preinit_array runs before any shared library's
// initialiser: it narrows the process to the first of its CPUs, and a constructor of the
// executable, which runs after the libraries' initialisers (and before main), gives the
// whole set back. (Setting OPENBLAS_NUM_THREADS there does not work: the C library's own
// initialiser, which runs after .preinit_array, resets the environment to the one the
// process was started with.)
#define _GNU_SOURCE
#include "ign_blas_startup.h"
#include "ign_kernels.h"

#if defined(__linux__)
#include <sched.h>

int openblas_get_num_threads(void);

static cpu_set_t allowed;      // the CPUs the process was started with
static int narrowed;           // whether start-up narrowed them
static int threads_at_startup;
static int cpus_at_startup;

static void before_libraries(int argc, char **argv, char **envp) {
    (void)argc; (void)argv; (void)envp;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
    cpus_at_startup = CPU_COUNT(&allowed);
    if (cpus_at_startup < 2) return;
    cpu_set_t first;
    CPU_ZERO(&first);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &allowed)) {
            CPU_SET(cpu, &first);
            break;
        }
    }
    narrowed = sched_setaffinity(0, sizeof first, &first) == 0;
}

__attribute__((section(".preinit_array"), used))
static void (*const run_before_libraries)(int, char **, char **) = before_libraries;

__attribute__((constructor))
static void after_libraries(void) {
    ign_keep_freed_memory_for_reuse();
    threads_at_startup = openblas_get_num_threads();
    if (narrowed) sched_setaffinity(0, sizeof allowed, &allowed);
    narrowed = 0;
}

int ign_blas_threads_at_startup(void) { return threads_at_startup; }

int ign_blas_cpus_at_startup(void) { return cpus_at_startup; }

#else   // elsewhere OpenBLAS starts as it does; ign pins it to one thread at its first product

int ign_blas_threads_at_startup(void) { return 0; }

int ign_blas_cpus_at_startup(void) { return 0; }

#endif
