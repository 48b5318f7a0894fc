import IGNNeural

/// How the cores are shared among the images of one run.
enum ComputeThreads {
    /// `-j N` runs N files at once: each job's network then runs on its share of the cores
    /// instead of every job starting a thread per core. A run of one image runs its network
    /// on the calling thread alone: one image at a model's size is a millisecond or two of
    /// arithmetic, less than handing halves of each layer to a second thread costs on a
    /// shared machine, where that thread may wait for its core while the caller spins.
    static func share(among jobs: Int, images: Int) {
        if images == 1 {
            MatrixMultiply.setThreadCount(1)
        } else if jobs > 1 {
            MatrixMultiply.setThreadCount(max(1, ProcessInfoCores.count / jobs))
        }
    }
}
