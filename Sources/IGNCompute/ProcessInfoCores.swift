import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// The number of CPUs this process may run on (its affinity mask, as `taskset` or a
/// container's cpuset sets it; else the cores online): how many threads parallel loops use
/// unless told otherwise (`MatrixMultiply.setThreadCount`), and `-j`'s default.
public enum ProcessInfoCores {
    public static var count: Int {
        #if canImport(Glibc)
        let allowed = Int(ign_cpus_allowed())
        return allowed > 0 ? allowed : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }
}
