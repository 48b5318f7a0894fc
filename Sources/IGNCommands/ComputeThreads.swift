import IGNNeural

/// How the cores are shared when `-j N` runs N files at once: each job's network then
/// runs on its share of the cores instead of every job starting a thread per core.
enum ComputeThreads {
    static func share(among jobs: Int) {
        guard jobs > 1 else { return }
        MatrixMultiply.setThreadCount(max(1, ProcessInfoCores.count / jobs))
    }
}
