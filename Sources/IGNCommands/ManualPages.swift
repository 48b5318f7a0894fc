import FoundationEssentials

/// Manual pages (mdoc) for `ign` and each of its subcommands, rendered from the command
/// tree's own description (`ign --experimental-dump-help`), so the pages never drift from
/// `--help`. Text stays UTF-8 (man-db's preconv renders it); every page ends with EXIT
/// STATUS, ENVIRONMENT, EXAMPLES and SEE ALSO.
///
/// Regenerate the committed pages in `man/` with
/// `IGN_UPDATE_MANUAL=1 swift test --filter ManualPageTests`; the test fails while they differ.
public enum ManualPages {
    /// The date every page carries (bumped by hand with the version).
    public static let date = "December 3, 2026"

    /// One command of the dumped tree (the subset of fields the pages use).
    public struct Command: Decodable {
        public var commandName: String
        public var superCommands: [String]?
        public var abstract: String?
        public var discussion: String?
        public var shouldDisplay: Bool?
        public var arguments: [Argument]?
        public var subcommands: [Command]?

        /// `ign`, `ign project`, `ign edit-latent mix`.
        public var fullName: String { ((superCommands ?? []) + [commandName]).joined(separator: " ") }
        /// `ign`, `ign-project`, `ign-edit-latent-mix`.
        public var pageName: String { ((superCommands ?? []) + [commandName]).joined(separator: "-") }
    }

    /// One argument, option or flag.
    public struct Argument: Decodable {
        public struct Name: Decodable { public var kind: String; public var name: String }
        public var kind: String
        public var names: [Name]?
        public var valueName: String?
        public var abstract: String?
        public var discussion: String?
        public var defaultValue: String?
        public var allValues: [String]?
        public var isOptional: Bool
        public var isRepeating: Bool
        public var shouldDisplay: Bool
    }

    private struct Dump: Decodable { var command: Command }

    /// Every page, by file name (`ign.1`, `ign-project.1`, …), from the dump's JSON.
    public static func render(dumpJSON: Data) throws -> [String: String] {
        let root = try JSONDecoder().decode(Dump.self, from: dumpJSON).command
        var pages: [String: String] = [:]
        func visit(_ command: Command) {
            guard command.shouldDisplay ?? true, command.commandName != "help" else { return }
            pages[command.pageName + ".1"] = page(command, root: root)
            for sub in command.subcommands ?? [] { visit(sub) }
        }
        visit(root)
        return pages
    }

    /// Escapes text for roff: backslashes, and a leading dot or quote that would read as a request.
    static func escape(_ text: String) -> String {
        var result = text.replacing("\\", with: "\\e")
        if result.hasPrefix(".") || result.hasPrefix("'") { result = "\\&" + result }
        return result
    }

    /// Plain text as paragraphs; lines indented by two spaces (examples) as literal displays.
    static func paragraphs(_ text: String) -> [String] {
        var lines: [String] = [], literal = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let isCode = line.hasPrefix("  ")
            if isCode && !literal { lines.append(".Bd -literal -offset indent"); literal = true }
            if !isCode && literal { lines.append(".Ed"); literal = false }
            if line.isEmpty { lines.append(".Pp") } else { lines.append(escape(isCode ? String(line.dropFirst(2)) : line)) }
        }
        if literal { lines.append(".Ed") }
        return lines
    }

    static func flagNames(_ argument: Argument) -> String {
        (argument.names ?? []).map { name in
            name.kind == "short" ? "Fl \(name.name)" : "Fl -\(name.name)"
        }.joined(separator: " , ")
    }

    static func page(_ command: Command, root: Command) -> String {
        let title = command.pageName.uppercased()
        var out = [".\\\" Generated from the command tree by ManualPages.swift; do not edit.",
                   ".Dd \(date)", ".Dt \(title) 1", ".Os", ".Sh NAME", ".Nm \"\(command.fullName)\""]
        out.append(".Nd " + escape(command.abstract ?? ""))
        out.append(".Sh SYNOPSIS")
        out.append(".Nm")
        let visible = (command.arguments ?? []).filter(\.shouldDisplay)
        if let subs = command.subcommands, !subs.isEmpty { out.append(".Ar subcommand") }
        for argument in visible {
            let value = argument.valueName.map { " Ar \($0)" } ?? ""
            let item: String
            switch argument.kind {
            case "positional": item = "Ar \(argument.valueName ?? "value")" + (argument.isRepeating ? " ..." : "")
            case "flag": item = flagNames(argument).components(separatedBy: " , ").last ?? ""
            default: item = (flagNames(argument).components(separatedBy: " , ").last ?? "") + value
            }
            out.append(argument.isOptional ? ".Op \(item)" : ".\(item)")
        }
        out.append(".Sh DESCRIPTION")
        out += paragraphs(command.abstract ?? "")
        if let discussion = command.discussion, !discussion.isEmpty { out.append(".Pp"); out += paragraphs(discussion) }
        if !visible.isEmpty {
            out.append(".Bl -tag -width 6n")
            for argument in visible {
                switch argument.kind {
                case "positional": out.append(".It Ar \(argument.valueName ?? "value")" + (argument.isRepeating ? " ..." : ""))
                case "flag": out.append(".It " + flagNames(argument))
                default: out.append(".It " + flagNames(argument) + " Ar \(argument.valueName ?? "value")")
                }
                var text = argument.abstract ?? ""
                if let values = argument.allValues, !values.isEmpty { text += " Values: " + values.joined(separator: ", ") + "." }
                if let value = argument.defaultValue, argument.kind != "flag", !value.isEmpty { text += " Default: \(value)." }
                out += paragraphs(text)
                if let discussion = argument.discussion, !discussion.isEmpty { out += paragraphs(discussion) }
            }
            out.append(".El")
        }
        if let subs = command.subcommands?.filter({ ($0.shouldDisplay ?? true) && $0.commandName != "help" }), !subs.isEmpty {
            out.append(".Sh SUBCOMMANDS")
            out.append(".Bl -tag -width 6n")
            for sub in subs {
                out.append(".It Cm \(sub.commandName)")
                out.append(escape(sub.abstract ?? "") + " See")
                out.append(".Xr \(sub.pageName) 1 .")
            }
            out.append(".El")
        }
        out += [".Sh EXIT STATUS",
                "0 on success; 1 when a file could not be read, decoded, processed or written (the others are still processed, and each failure is reported as",
                ".Dq ign: FILE: message",
                "on stderr); 64 for a usage error (a bad option or combination of options); 130 or 143 when stopped by SIGINT or SIGTERM (outputs already written are complete, temporary files are removed).",
                ".Sh ENVIRONMENT",
                ".Bl -tag -width 6n",
                ".It Ev IGN_MODEL",
                "The model that model commands use when no",
                ".Fl -model",
                "is given: a bundled model's name (see",
                ".Nm ign models )",
                "or a model file's path. Without it, the bundled fashion-mnist projector.",
                ".It Ev PATH",
                "Searched for plugins: any",
                ".Nm ign Ar NAME",
                "that is not built in runs",
                ".Pa ign-NAME .",
                ".El"]
        let examples = ManualPages.examples[command.fullName] ?? []
        if !examples.isEmpty {
            out.append(".Sh EXAMPLES")
            for (text, line) in examples {
                out.append(escape(text))
                out += [".Bd -literal -offset indent", escape(line), ".Ed"]
            }
        }
        out.append(".Sh SEE ALSO")
        var related = command.fullName == "ign"
            ? (root.subcommands ?? []).filter { ($0.shouldDisplay ?? true) && $0.commandName != "help" }.map(\.pageName)
            : ["ign"] + (command.subcommands ?? []).filter { $0.commandName != "help" }.map(\.pageName)
        if command.superCommands?.count ?? 0 > 1 { related.append(command.superCommands!.joined(separator: "-")) }
        for (index, name) in related.enumerated() {
            out.append(".Xr \(name) 1" + (index < related.count - 1 ? " ," : ""))
        }
        out.append(".Pp")
        out.append("README.md and Models/README.md in the source distribution.")
        return out.joined(separator: "\n") + "\n"
    }

    /// A few commands per page: what a user types first.
    static let examples: [String: [(String, String)]] = [
        "ign": [("Project a noisy image with the bundled model:", "ign project < noisy.png > clean.png"),
                ("Chain commands through a pipe:", "ign degrade --sketch < a.png | ign project --steps 2 > b.png")],
        "ign convert": [("Thumbnails of many photos, two at a time:", "ign convert shots/*.jpg -o thumbs/ --resize 256x -j 2 --format png")],
        "ign info": [("Formats and sizes as JSON:", "ign info *.png --json")],
        "ign project": [("Project every image of a folder, f applied twice:", "ign project --steps 2 noisy/*.png -o clean/"),
                        ("Watch projection converge:", "ign project --trace --steps 4 < in.png > trace.png")],
        "ign denoise": [("Denoise, keeping the input's size:", "ign denoise --keep-size < noisy.png > clean.png"),
                        ("Half the projection, half the input:", "ign denoise --strength 0.5 noisy.png -o clean.png")],
        "ign colorize": [("Colour a gray emoji:", "ign colorize --model colour.safetensors < gray.png > colour.png")],
        "ign composite": [("Paste a hat onto a face and make it fit:", "ign composite face.png hat.png --at 8,0 --keep-size -o result.png")],
        "ign edit-latent": [("Encode and decode through a pipe:", "ign edit-latent encode a.png | ign edit-latent decode > a2.png")],
        "ign edit-latent encode": [("Bottleneck codes of a folder:", "ign edit-latent encode --space bottleneck faces/*.png -o codes/")],
        "ign edit-latent decode": [("An image from a latent file:", "ign edit-latent decode a.latent -o a.png")],
        "ign edit-latent sample": [("The latent generate starts from:", "ign edit-latent sample --seed 7 > z.latent")],
        "ign edit-latent interpolate": [("Eight frames from one image to another:", "ign edit-latent interpolate a.png b.png --frames 8 > strip.png")],
        "ign edit-latent mix": [("Latent arithmetic:", "ign edit-latent mix 'A - B + C' a.png b.png c.png > d.png")],
        "ign generate": [("A 10×10 grid of samples:", "ign generate --grid 10x10 --seed 7 > grid.png")],
        "ign degrade": [("Heavy noise, reproducibly:", "ign degrade --noise 0.4 --seed 1 < clean.png > noisy.png")],
        "ign models": [("What --model accepts:", "ign models")],
        "ign train": [("Train on a folder of images, resumable with Ctrl-C and --resume:",
                       "ign train faces/ -o faces.safetensors --architecture celeba64 --width 0.5 --steps 20000")],
        "ign eval": [("Measure the bundled model on the Fashion-MNIST test set:",
                      "ign eval --data /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")],
    ]
}
