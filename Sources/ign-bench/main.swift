// ign-bench: images/s and GFLOP/s of the engine on the IGN reference layouts.
//
//   ign-bench [--layout mnist28|celeba64|all] [--only inference|training] [--repeats N]
//             [--batches 1,64,256] [--train-batch 256] [--threads N] [--profile] [--json]
//   ign-bench verify-model MODEL.safetensors EXPECTED.safetensors [--tolerance 1e-4]
//
// Build and run in release mode: swift run -c release ign-bench
import Foundation
import IGN
import IGNNeural

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ign-bench: \(message)\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "verify-model" {
    guard arguments.count >= 3 else { fail("usage: ign-bench verify-model MODEL EXPECTED [--tolerance T]") }
    var tolerance: Float = 1e-4
    if let index = arguments.firstIndex(of: "--tolerance"), index + 1 < arguments.count,
       let value = Float(arguments[index + 1]) { tolerance = value }
    do {
        exit(try VerifyModel.run(model: arguments[1], expected: arguments[2], tolerance: tolerance) ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("ign-bench: \(error)\n".utf8))
        exit(1)
    }
}

var layouts: [Architecture] = [.mnist28, .celeba64]
var only: String?
var repeats = 7
var batches = [1, 64, 256]
var trainBatch = 256
var profile = false
var json = false
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { fail("\(flag) needs a value") }
        return arguments.removeFirst()
    }
    switch flag {
    case "--layout":
        let name = value()
        if name == "all" { layouts = Architecture.allCases } else {
            guard let layout = Architecture(rawValue: name) else { fail("unknown layout '\(name)'") }
            layouts = [layout]
        }
    case "--only":
        only = value()
        guard only == "inference" || only == "training" else { fail("--only takes inference or training") }
    case "--repeats":
        guard let n = Int(value()), n > 0 else { fail("--repeats needs a positive number") }
        repeats = n
    case "--batches":
        let list = value().split(separator: ",").compactMap { Int($0) }
        guard !list.isEmpty, list.allSatisfy({ $0 > 0 }) else { fail("--batches takes a list like 1,64,256") }
        batches = list
    case "--train-batch":
        guard let n = Int(value()), n > 0 else { fail("--train-batch needs a positive number") }
        trainBatch = n
    case "--threads":
        guard let n = Int(value()), n > 0 else { fail("--threads needs a positive count") }
        MatrixMultiply.setThreadCount(n)
    case "--profile": profile = true
    case "--json": json = true
    case "-h", "--help":
        print("usage: ign-bench [--layout mnist28|celeba64|all] [--only inference|training] [--repeats N] [--batches 1,64,256] [--train-batch 256] [--threads N] [--profile] [--json]")
        print("       ign-bench verify-model MODEL.safetensors EXPECTED.safetensors [--tolerance 1e-4]")
        exit(0)
    default: fail("unknown argument '\(flag)'")
    }
}

#if DEBUG
FileHandle.standardError.write(Data("ign-bench: warning: debug build; use swift run -c release ign-bench\n".utf8))
#endif

var results: [Measurement] = []
func log(_ line: String) {
    if json { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
}
log("threads: \(Parallel.threadCount) (cores online: \(ProcessInfoCores.count)), repeats: \(repeats) (medians)")
KernelChoice.current().description.forEach(log)
log(Benchmarks.sgemmProbe())
for layout in layouts {
    let workload = Workload(layout)
    log(String(format: "%@ %@: %.2f M parameters, %.1f M MACs per image forward",
               workload.name as NSString, workload.geometry.description as NSString,
               Double(workload.parameterCount) / 1e6, Double(workload.macsPerImage) / 1e6))
    let network = workload.makeNetwork()
    if only != "training" {
        // Inference as `ign project` runs it: batch norms folded into the convolutions.
        let folded = (network as! Sequential).foldedForInference()
        for batch in batches {
            let m = Benchmarks.inference(workload, network: folded, batch: batch, repeats: repeats)
            results.append(m)
            log(String(format: "  inference  batch %4d: %9.3f ms  %9.1f images/s  %6.1f GFLOP/s",
                       batch, m.seconds * 1000, m.imagesPerSecond, m.gflops))
        }
    }
    if only != "inference" {
        let m = Benchmarks.training(workload, network: network, batch: trainBatch,
                                    repeats: layout == .celeba64 ? max(3, repeats / 2) : repeats)
        results.append(m)
        log(String(format: "  training   batch %4d: %9.1f ms  %9.1f images/s  %6.1f GFLOP/s (nominal 11 forward-equivalents)",
                   trainBatch, m.seconds * 1000, m.imagesPerSecond, m.gflops))
    }
    if profile {
        log(Benchmarks.profile(workload, batch: trainBatch, repeats: 3))
    }
}
if let peak = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    .split(separator: "\n").first(where: { $0.hasPrefix("VmHWM") }) {
    log("peak resident memory: " + peak.dropFirst(6).trimmingCharacters(in: .whitespaces))
}
if json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try! encoder.encode(results), as: UTF8.self))
}
