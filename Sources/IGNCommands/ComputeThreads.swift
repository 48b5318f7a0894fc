import IGNNeural

/// How the cores are shared among the images of one run.
enum ComputeThreads {
    /// Every image is worked on by one thread; `-j` runs several images at once. One image
    /// at a model's size is a few milliseconds of arithmetic, and splitting each layer over
    /// two threads cost far more than it saved on a shared machine (200 emoji through the
    /// 64×64 model: 2.98 s with two threads per image and one image at a time, 0.53 s with
    /// one thread per image and two at a time). And the bytes of an image do not depend on
    /// `-j` or on how many cores the machine has: the products sum in one order.
    static func oneThreadPerImage() {
        MatrixMultiply.setThreadCount(1)
    }
}
