import XCTest
@testable import IGNCommands

final class TextFormattingTests: XCTestCase {
    func testFormattedNumbers() {
        XCTAssertEqual(formatted("%6.2f", 24.333), " 24.33")
        XCTAssertEqual(formatted("sample-%04d.png", 7), "sample-0007.png")
        XCTAssertEqual(formatted("%dm%02ds", 3, 5), "3m05s")
        XCTAssertEqual(formatted("%.1f/s", Float(2.25)), "2.2/s")      // Float widened, ties to even
        let long = String(repeating: "x", count: 300)
        XCTAssertEqual(formatted(long + "%d", 1), long + "1")        // longer than the first buffer
    }

    func testPaddingAndTrimming() {
        XCTAssertEqual("ab".padded(to: 4), "ab  ")
        XCTAssertEqual("abcdef".padded(to: 4), "abcdef")
        XCTAssertEqual(" \t12 ".trimmingSpaces, "12")
        XCTAssertEqual("   ".trimmingSpaces, "")
    }
}
