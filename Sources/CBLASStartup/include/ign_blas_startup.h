#ifndef IGN_BLAS_STARTUP_H
#define IGN_BLAS_STARTUP_H

/// The number of threads OpenBLAS reported right after the libraries were initialised, in
/// a process linked with this target (1 when its start-up limit took effect; 0 before the
/// constructors ran).
int ign_blas_threads_at_startup(void);

/// The number of CPUs the process was allowed to run on when it started (0 when unknown);
/// it has them all again by the time main runs.
int ign_blas_cpus_at_startup(void);

#endif
