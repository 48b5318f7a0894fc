import ArgumentParser
import XCTest
@testable import IGNCommands

/// The rules that map inputs and -o/--suffix to destinations, in process.
final class OutputPlanTests: XCTestCase {
    func testSingleInputs() throws {
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["-"], output: nil, suffix: nil, format: nil),
                       [PipelineJob(input: "-", destination: .standardOutput)])
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png"], output: "-", suffix: nil, format: nil),
                       [PipelineJob(input: "a.png", destination: .standardOutput)])
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png"], output: "b.jpg", suffix: nil, format: nil),
                       [PipelineJob(input: "a.png", destination: .file("b.jpg"))])
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["x/a.png"], output: "out/", suffix: nil, format: .jpeg),
                       [PipelineJob(input: "x/a.png", destination: .file("out/a.jpg"))])
    }

    func testSeveralInputs() throws {
        XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["a.png", "b.png"], output: nil, suffix: nil, format: nil))
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["d/a.png", "b.jpeg"], output: nil, suffix: "_x", format: nil),
                       [PipelineJob(input: "d/a.png", destination: .file("d/a_x.png")),
                        PipelineJob(input: "b.jpeg", destination: .file("b_x.jpeg"))])
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png", "b.jpeg"], output: "o", suffix: nil, format: .pnm),
                       [PipelineJob(input: "a.png", destination: .file("o/a.pnm")),
                        PipelineJob(input: "b.jpeg", destination: .file("o/b.pnm"))])
        XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["x/a.png", "y/a.png"], output: "o", suffix: nil, format: nil))
        XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["-"], output: nil, suffix: "_x", format: nil))
    }
}
