/// A weighted sum of named terms, as `ign edit-latent mix` takes it: `A - B + 0.5*C`,
/// `0.3*A + 0.7*B`, `2A - B`. Names are single capital letters A…Z; weights are decimal
/// numbers, optionally followed by `*`.
public struct LatentExpression: Equatable, Sendable {
    /// The terms in order of appearance; a name used twice has its weights added.
    public var terms: [(weight: Float, name: Character)]

    public static func == (a: LatentExpression, b: LatentExpression) -> Bool {
        a.terms.map(\.weight) == b.terms.map(\.weight) && a.terms.map(\.name) == b.terms.map(\.name)
    }

    /// Why an expression could not be read.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { "cannot read the expression: \(reason)" }
    }

    public init(parsing text: String) throws {
        var characters = Array(text)[...]
        func skipSpaces() { while characters.first?.isWhitespace == true { characters.removeFirst() } }
        var terms: [(Float, Character)] = []
        skipSpaces()
        guard !characters.isEmpty else { throw ParseError(reason: "it is empty") }
        while !characters.isEmpty {
            var sign: Float = 1
            if characters.first == "+" || characters.first == "-" {
                sign = characters.removeFirst() == "-" ? -1 : 1
                skipSpaces()
            } else if !terms.isEmpty {
                throw ParseError(reason: "expected + or - before '\(String(characters))'")
            }
            var number = ""
            while let c = characters.first, c.isASCII && (c.isNumber || c == ".") { number.append(characters.removeFirst()) }
            var weight: Float = 1
            if !number.isEmpty {
                if characters.first == "e" || characters.first == "E" {
                    throw ParseError(reason: "write weights as plain decimals (no exponents): '\(number)\(characters.first!)…'")
                }
                guard let value = Float(number), value.isFinite else { throw ParseError(reason: "'\(number)' is not a usable number") }
                weight = value
                skipSpaces()
                if characters.first == "*" { characters.removeFirst(); skipSpaces() }
            }
            guard let name = characters.first, name.isASCII, name.isUppercase else {
                throw ParseError(reason: "expected a name A…Z" + (characters.first.map { " at '\($0)'" } ?? " at the end"))
            }
            characters.removeFirst()
            terms.append((sign * weight, name))
            skipSpaces()
        }
        self.terms = terms
    }

    /// The distinct names, in order of first appearance.
    public var names: [Character] {
        var seen: [Character] = []
        for (_, name) in terms where !seen.contains(name) { seen.append(name) }
        return seen
    }
}
