import ArgumentParser
import FoundationEssentials
import IGN

/// `ign models`: the projectors bundled in the executable.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the bundled models (names for --model).",
        discussion: "The first is the default. --model also takes a model file's path.")

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
        var rows: [[String: String]] = []
        for bundled in BundledModel.all {
            let model = try bundled.load()
            let g = model.imageGeometry
            rows.append([
                "name": bundled.name,
                "image": "\(g.width)x\(g.height)",
                "channels": "\(g.channels)",
                "parameters": "\(model.parameterCount)",
                "bytes": "\(bundled.data.count)",
                "statistics": model.statisticsSets.keys.sorted().joined(separator: ","),
                "noise": model.noise.kind,
                "summary": bundled.summary,
            ])
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        if rows.isEmpty { print("no bundled models in this build; use --model PATH"); return }
        for row in rows {
            let channels = row["channels"] == "1" ? "gray" : "colour"
            print("\(row["name"]!)  \(row["image"]!) \(channels)  \(row["parameters"]!) parameters  "
                  + "noise \(row["noise"]!)  statistics \(row["statistics"]!)")
            if let summary = row["summary"], !summary.isEmpty { print("    \(summary)") }
        }
    }
}
