// The engine under one name, as swift-numerics' `Numerics` gathers its modules: clients that
// `import IGNNeural` see all three of its parts, each a target with one job.
//
//   IGNSafeTensors   weight files: safetensors, model files (architecture + weights)
//     └─> IGNLayers  tensors, layers forward and backward, Adam, distances
//           └─> IGNCompute   threads, buffers, matrix products, im2col, Winograd (C kernels, BLAS)
@_exported import IGNCompute
@_exported import IGNLayers
@_exported import IGNSafeTensors
