import ArgumentParser
import IGNImage

extension ImagePipeline {
    /// Writes images that have no input file (generated ones) under the same rules as
    /// transformed images: one image to stdout or `-o FILE`, several into `-o DIR` under
    /// their `names` (which must carry an extension), never to a terminal, atomically.
    /// The format defaults to PNG.
    public func emit(_ images: [(name: String, image: Image)]) throws {
        let jobs = try prepareJobs(for: images.map(\.name))
        let settings = WriteSettings(output, background: background)
        let failures = BatchRunner(jobs: 1).run(Array(zip(jobs, images.map(\.image))), name: { $0.0.input }) { job, image in
            try ImagePipeline.write(image, for: job, inputFormat: .png, settings: settings)
        }
        if failures > 0 { throw ExitCode.failure }
    }
}
