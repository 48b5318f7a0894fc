#if canImport(Glibc)
import Glibc
#endif

/// The number of cores online (`sysconf(_SC_NPROCESSORS_ONLN)`): how many threads parallel
/// loops use unless told otherwise (`MatrixMultiply.setThreadCount`).
public enum ProcessInfoCores {
    public static var count: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}
