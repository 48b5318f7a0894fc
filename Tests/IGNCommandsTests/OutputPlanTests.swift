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

    func testStdoutNames() throws {
        for name in ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png"], output: name, suffix: nil, format: nil),
                           [PipelineJob(input: "a.png", destination: .standardOutput)], name)
            XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["a.png", "b.png"], output: name, suffix: nil, format: nil))
        }
    }

    func testAnOutputExtensionMustBeOneIGNWrites() throws {
        for name in ["out.gif", "out.tif", "out.xyz"] {
            XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["a.png"], output: name, suffix: nil, format: nil)) {
                XCTAssertTrue($0 is ValidationError, name)
            }
            XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png"], output: name, suffix: nil, format: .png),
                           [PipelineJob(input: "a.png", destination: .file(name))])
        }
        for name in ["out", "out.PNG", "out.jpeg", "out.pam"] {
            XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png"], output: name, suffix: nil, format: nil),
                           [PipelineJob(input: "a.png", destination: .file(name))])
        }
        // A device or FIFO's name says nothing about a format.
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png"], output: "/dev/null", suffix: nil, format: nil),
                       [PipelineJob(input: "a.png", destination: .file("/dev/null"))])
    }

    func testSeveralOutputsNeedAFolderNotAnImageName() throws {
        XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["a.png", "b.png"], output: "out.png", suffix: nil, format: nil)) {
            XCTAssertTrue($0 is ValidationError)
        }
        XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["a.png"], output: "out.jpg", suffix: "-x", format: nil))
        let plan = try OutputPlan.make(inputs: ["a.png", "b.png"], output: "out.png/", suffix: nil, format: nil)
        XCTAssertEqual(plan.folder, "out.png/")
        XCTAssertEqual(plan.jobs.map(\.destination), [.file("out.png/a.png"), .file("out.png/b.png")])
        XCTAssertEqual(try OutputPlan.make(inputs: ["a.png", "b.png"], output: "o", suffix: nil, format: nil).folder, "o")
        XCTAssertEqual(try OutputPlan.make(inputs: ["a.png"], output: "o/", suffix: nil, format: nil).folder, "o/")
        XCTAssertNil(try OutputPlan.make(inputs: ["a.png"], output: "o.png", suffix: nil, format: nil).folder)
        XCTAssertNil(try OutputPlan.make(inputs: ["d/a.png"], output: nil, suffix: "-x", format: nil).folder)
    }

    func testASingleFileNeedsAnExistingFolder() throws {
        XCTAssertThrowsError(try OutputPlan.jobs(inputs: ["a.png"], output: "no-such-folder/sub/o.png", suffix: nil, format: nil)) {
            XCTAssertEqual($0 as? MissingOutputFolder, MissingOutputFolder(folder: "no-such-folder/sub"))
        }
        let temporary = FileManager.default.temporaryDirectory.path
        XCTAssertEqual(try OutputPlan.jobs(inputs: ["a.png"], output: temporary + "/o.png", suffix: nil, format: nil),
                       [PipelineJob(input: "a.png", destination: .file(temporary + "/o.png"))])
    }
}
