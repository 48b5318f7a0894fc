import ArgumentParser
import FoundationEssentials
import IGN
import IGNFiles
import IGNImage

/// `ign edit-latent`: encode, decode, interpolate and mix in a model's latent spaces.
struct EditLatentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit-latent",
        abstract: "Edit images through latent-space arithmetic and interpolation.",
        discussion: """
            Two latent spaces: 'noise' (f's image-shaped input, where the IGN paper does its \
            arithmetic on source noise z: an image encodes as itself, decoding is f) and \
            'bottleneck' (the encoder's code; decoding runs the decoder). Latent files are \
            safetensors files (one F32 tensor 'latent' [C,H,W]; metadata ign.latent.format, \
            .space, .model, .shape, .source); a latent of another model or space is refused. \
            Wherever a latent is read, an image may be given instead and is encoded first.
              ign edit-latent encode a.png | ign edit-latent decode > a2.png
              ign edit-latent interpolate a.png b.png --frames 8 > strip.png
              ign edit-latent mix 'A - B + C' a.png b.png c.png > mixed.png
            """,
        subcommands: [Encode.self, Decode.self, Sample.self, Interpolate.self, Mix.self])
}

/// Options every edit-latent subcommand shares.
struct LatentOptions: ParsableArguments {
    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("Latent space: noise or bottleneck (default: that of the latent files given, else noise).",
                               valueName: "space"))
    var space: Latent.Space?

    @Option(help: ArgumentHelp("How images of another shape are fitted to the model: pad, crop or resize.",
                               valueName: "mode"))
    var fit: FitMode = .pad

    @OptionGroup var decodeLimits: DecodeLimitOptions

    @Option(help: "Colour that alpha is flattened onto, and that pads images to the model's shape (name, #RRGGBB or R,G,B).")
    var background = RGBColor.white

    /// A latent file or an image, as read from a path or stdin (`-`).
    enum Item {
        case latent(Latent)
        case image(Image)
    }

    /// Reads `path`: a latent file if it looks like one, else an image.
    func read(_ path: String) throws -> Item {
        do {
            let bytes = try ImagePipeline.read(path, limit: decodeLimits.limits.maxMemory)
            if Latent.looksLikeLatentFile(bytes) { return .latent(try Latent(fileBytes: bytes)) }
            return .image(try Image.decode(bytes, limits: decodeLimits.limits).image)
        } catch {
            throw FileFailure(path: path == "-" ? "stdin" : path, error: error)
        }
    }

    /// The editor for these inputs: the space asked for, else the latent files' own.
    func editor(for items: [Item]) throws -> LatentEditor {
        let spaces = Set(items.compactMap { item -> Latent.Space? in
            if case .latent(let latent) = item { return latent.space }
            return nil
        })
        if space == nil && spaces.count > 1 { throw ValidationError("the latent files are in different spaces") }
        return try LatentEditor(model: modelOptions.load(), space: space ?? spaces.first ?? .noise,
                                fit: fit, background: background)
    }

    /// The latents of `names` (files or `-`; images are encoded) and the editor of their space.
    func load(_ names: [String]) throws -> (LatentEditor, [Latent]) {
        if names.filter({ $0 == "-" }).count > 1 { throw ValidationError("only one input can come from stdin") }
        if names.contains("-") && StandardStreams.stdinIsTerminal {
            throw ValidationError("no input: give an image or latent file, or pipe one into stdin")
        }
        let items = try names.map(read)
        let editor = try editor(for: items)
        return (editor, try LatentOptions.latents(items, names: names, editor: editor))
    }

    /// The items as latents of `editor`'s space (images encoded).
    static func latents(_ items: [Item], names: [String], editor: LatentEditor) throws -> [Latent] {
        try zip(items, names).map { item, name in
            do {
                switch item {
                case .latent(let latent): try editor.check(latent); return latent
                case .image(let image): return try editor.encode(image)
                }
            } catch {
                throw FileFailure(path: name == "-" ? "stdin" : name, error: error)
            }
        }
    }
}

/// Writes latent files: one to stdout or `-o FILE`, several (or any with `-o DIR/` or an
/// existing folder) into that folder as NAME.latent — the image commands' output rules,
/// checked by `plan` before any work.
enum LatentWriter {
    /// Where the latents go: nil for stdout, else a path each; `folder` is created first.
    struct Plan {
        var destinations: [String?]
        var folder: String?
    }

    /// Where each of the latents named `names` goes, by the output rules.
    static func plan(_ names: [String], to output: String?) throws -> Plan {
        let toStdout = output == nil || output == "-" || output == "/dev/stdout"
        if toStdout {
            guard names.count == 1 else { throw ValidationError("several latents need -o DIR/") }
            if StandardStreams.stdoutIsTerminal {
                throw ValidationError("refusing to write a latent file to a terminal; use -o FILE or a pipe")
            }
            return Plan(destinations: [nil], folder: nil)
        }
        let output = output!
        let existingFolder = FileKind(path: output) == .folder
        guard names.count > 1 || output.hasSuffix("/") || existingFolder else { return Plan(destinations: [output], folder: nil) }
        if !existingFolder && !output.hasSuffix("/") && !PathName.fileExtension(output).isEmpty {
            throw ValidationError("-o \(output) names one file, but there are \(names.count) latents: use -o DIR/ for a folder")
        }
        let paths = names.map { PathName.joining(output, $0) }
        if let repeated = Dictionary(grouping: paths, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw ValidationError("two inputs would both be written to \(repeated)")
        }
        return Plan(destinations: paths, folder: output)
    }

    /// Writes `latents` where `plan` said.
    static func write(_ latents: [Latent], to plan: Plan) throws {
        BrokenPipe.reportAsError()
        TerminationSignals.install()
        if let folder = plan.folder {
            do { try createFolder(folder) } catch { throw FileFailure(path: folder, error: error) }
        }
        for (latent, destination) in zip(latents, plan.destinations) {
            guard let path = destination else {
                try StandardStreams.writeStandardOutput(latent.fileBytes())
                continue
            }
            do { try AtomicFileWriter.write(latent.fileBytes(), to: path) } catch {
                throw FileFailure(path: path, error: error)
            }
        }
    }

    /// NAME.latent for an input path.
    static func name(for input: String) -> String {
        input == "-" ? "stdin.latent" : PathName.deletingExtension(PathName.lastComponent(input)) + ".latent"
    }
}

extension EditLatentCommand {
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encode",
            abstract: "Encode images as latent files.",
            discussion: "One image goes to stdout or -o FILE; several into -o DIR as NAME.latent.")

        @OptionGroup var latent: LatentOptions

        @Argument(help: ArgumentHelp("Images (or latent files). None or '-' reads stdin.", valueName: "input"),
                  completion: .file())
        var inputs: [String] = []

        @Option(name: .shortAndLong, help: ArgumentHelp("Output latent file, or folder for several.", valueName: "output"),
                completion: .file())
        var output: String?

        func run() throws {
            ComputeThreads.oneThreadPerImage()
            let names = inputs.isEmpty ? ["-"] : inputs
            let plan = try LatentWriter.plan(names.map(LatentWriter.name(for:)), to: output)
            let (_, latents) = try latent.load(names)
            try LatentWriter.write(latents, to: plan)
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decode",
            abstract: "Decode latent files (or images, encoded first) to images.",
            discussion: "One image goes to stdout or -o FILE; several into -o DIR as NAME.png.")

        @OptionGroup var latent: LatentOptions

        @Argument(help: ArgumentHelp("Latent files (or images). None or '-' reads stdin.", valueName: "input"),
                  completion: .file())
        var inputs: [String] = []

        @OptionGroup var output: OutputOptions

        func run() throws {
            ComputeThreads.oneThreadPerImage()
            let names = inputs.isEmpty ? ["-"] : inputs
            let (editor, latents) = try latent.load(names)
            let images = try zip(names, latents).map { name, latent in
                (PathName.deletingExtension(LatentWriter.name(for: name)) + ".png", try editor.decode(latent))
            }
            try ImagePipeline(input: InputOptions(), output: output).emit(images)
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract: "Draw a latent from the model's source noise (what 'ign generate' decodes).")

        @OptionGroup var latent: LatentOptions

        @Option(help: "Seed of the noise (the same seed as 'ign generate --seed' gives its first image).")
        var seed: UInt64 = 0

        @Option(name: .shortAndLong, help: ArgumentHelp("Output latent file.", valueName: "output"),
                completion: .file())
        var output: String?

        func run() throws {
            ComputeThreads.oneThreadPerImage()
            let plan = try LatentWriter.plan(["sample.latent"], to: output)
            let editor = try latent.editor(for: [])
            try LatentWriter.write([editor.sample(seed: seed)], to: plan)
        }
    }

    struct Interpolate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "interpolate",
            abstract: "Decode evenly spaced points between two latents (or images).",
            discussion: """
                Writes the frames side by side in one strip image (stdout or -o FILE), or \
                frame-01.png … into -o DIR/ (with a trailing slash, or an existing folder). \
                The first and last frames are the decodes of A and B.
                """)

        @OptionGroup var latent: LatentOptions

        @Argument(help: ArgumentHelp("Start: latent file or image.", valueName: "a"), completion: .file())
        var a: String

        @Argument(help: ArgumentHelp("End: latent file or image.", valueName: "b"), completion: .file())
        var b: String

        @Option(help: "Number of frames, both ends included.")
        var frames = 8

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (2...1000).contains(frames) else { throw ValidationError("--frames must be between 2 and 1000") }
            if a == "-" && b == "-" { throw ValidationError("only one of A and B can come from stdin") }
        }

        func run() throws {
            ComputeThreads.oneThreadPerImage()
            let (editor, ends) = try latent.load([a, b])
            let images = try editor.interpolate(ends[0], ends[1], frames: frames).map(editor.decode)
            let toFolder = output.output.map { $0.hasSuffix("/") || FileKind(path: $0) == .folder } ?? false
            if toFolder {
                try ImagePipeline(input: InputOptions(), output: output)
                    .emit(images.enumerated().map { (formatted("frame-%0\(max(2, String(frames).count))d.png", $0.offset + 1), $0.element) })
            } else {
                try ImagePipeline(input: InputOptions(), output: output)
                    .emit([("interpolation.png", try ImageFitting.strip(images))])
            }
        }
    }

    struct Mix: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mix",
            abstract: "Decode a weighted sum of latents (or images): 'A - B + 0.5*C'.",
            discussion: """
                The names A, B, C … stand for the inputs in order; weights are plain \
                decimals. An expression that starts with '-' follows '--' (ign edit-latent \
                mix -- '-A + B' a.png b.png). --write-latent writes the mixed latent instead \
                of its decode.
                  ign edit-latent mix --space bottleneck '0.5*A + 0.5*B' a.png b.png > blend.png
                """)

        @OptionGroup var latent: LatentOptions

        @Argument(help: ArgumentHelp("Weighted sum of the inputs, named A, B, C … in order.", valueName: "expression"))
        var expression: String

        @Argument(help: ArgumentHelp("Latent files or images, bound to A, B, C …", valueName: "input"),
                  completion: .file())
        var inputs: [String]

        @Flag(help: "Write the mixed latent (a latent file) instead of its image.")
        var writeLatent = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            let parsed: LatentExpression
            do { parsed = try LatentExpression(parsing: expression) } catch {
                throw ValidationError("\(error)")
            }
            let letters = (0..<inputs.count).map { Character(UnicodeScalar(UInt8(65 + min($0, 25)))) }
            for name in parsed.names where !letters.contains(name) {
                throw ValidationError("'\(name)' names no input: \(inputs.count) input\(inputs.count == 1 ? "" : "s") given (A…\(letters.last.map(String.init) ?? "A"))")
            }
            if inputs.count > 26 { throw ValidationError("at most 26 inputs (A…Z)") }
            if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("only one input can come from stdin") }
        }

        func run() throws {
            ComputeThreads.oneThreadPerImage()
            let parsed = try LatentExpression(parsing: expression)
            let (editor, latents) = try latent.load(inputs)
            let mixed = try editor.mix(parsed.terms.map { term in
                (term.weight, latents[Int(term.name.asciiValue! - 65)])
            })
            if writeLatent {
                try LatentWriter.write([mixed], to: LatentWriter.plan(["mix.latent"], to: output.output))
            } else {
                try ImagePipeline(input: InputOptions(), output: output).emit([("mix.png", try editor.decode(mixed))])
            }
        }
    }
}
