import IGNSafeTensors
import XCTest

/// `JSONValue`'s parser against RFC 8259: what it accepts, what it refuses and where.
final class JSONValueTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue(parsingBytes: text.utf8) }

    func testValuesOfEveryKind() throws {
        XCTAssertEqual(try parse(#" {"a": [1, -2.5e3, true, false, null, "x"], "b": {}} "#),
                       .object(["a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null, .string("x")]),
                                "b": .object([:])]))
        XCTAssertEqual(try parse("[]"), .array([]))
        XCTAssertEqual(try parse("0"), .number(0))
        XCTAssertEqual(try parse("-0.125E+2"), .number(-12.5))
        XCTAssertEqual(try parse(#"{"k":1,"k":2}"#)["k"], .number(2), "the last of repeated names wins")
    }

    func testStringsWithEscapesAndUnicode() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        XCTAssertEqual(try parse(#""\u00e9\u4e2d\ud83d\ude00""#), .string("é中😀"))
        XCTAssertEqual(try parse("\"f∘f 28×28\""), .string("f∘f 28×28"))
    }

    func testIntegersAreExactOrAbsent() throws {
        XCTAssertEqual(try parse("9007199254740991").integer, 9_007_199_254_740_991)
        XCTAssertNil(try parse("9007199254740993").integer, "2⁵³ + 1 reads as 2⁵³: not exact")
        XCTAssertEqual(try parse("-17").integer, -17)
        XCTAssertNil(try parse("1.5").integer)
        XCTAssertNil(try parse("18014398509481984").integer, "beyond 2⁵³ a Double is not exact")
        XCTAssertNil(try parse("\"3\"").integer)
    }

    func testRefusesWhatIsNotJSONAndSaysWhere() {
        let cases: [(String, String)] = [
            ("", "unexpected end"), ("{", "expected a member name"), (#"{"a" 1}"#, "expected ':'"),
            ("[1 2]", "expected ',' or ']'"), (#"{"a":1,}"#, "expected a member name"), ("[1,]", "unexpected character"),
            ("01", "leading zero"), ("1.", "expected a digit"), ("-", "expected a digit"), ("1e400", "number out of range"),
            ("tru", "unexpected character"), ("nonsense", "unexpected character"), ("{} {}", "text after the JSON value"),
            ("\"a\u{1}\"", "control character in a string"), (#""\x""#, "unknown escape"), (#""\ud800""#, "unpaired surrogate"),
            (#""\udc00""#, "unpaired surrogate"), (#""\u12g4""#, #"bad \u escape"#), ("\"abc", "unterminated string"),
            (String(repeating: "[", count: 600) + String(repeating: "]", count: 600), "nested too deeply"),
        ]
        for (text, reason) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                XCTAssertEqual((error as? JSONValue.SyntaxError)?.reason, reason, text)
            }
        }
        XCTAssertThrowsError(try JSONValue(parsingBytes: [0x22, 0xFF, 0x22])) {
            XCTAssertEqual(($0 as? JSONValue.SyntaxError)?.reason, "not UTF-8")
        }
        for (text, offset) in [("[1,x]", 3), (#"{"a" 1}"#, 5), ("01", 2), ("{} {}", 3), ("\"a\u{1}\"", 2), ("", 0)] {
            XCTAssertThrowsError(try parse(text), text) { XCTAssertEqual(($0 as? JSONValue.SyntaxError)?.offset, offset, text) }
        }
        let deepest = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        XCTAssertNoThrow(try parse(deepest), "512 levels are accepted")
    }
}
