import CKernels
@testable import IGNCompute
import XCTest

/// `KernelChoice` reports what the engine runs; the engine's kernel choices and the report
/// agree, and the OpenBLAS core found from its kernel table matches the name it gives.
final class KernelChoiceTests: XCTestCase {
    func testFeaturesMatchTheKernelsInUse() {
        let choice = KernelChoice.current()
        XCTAssertEqual(choice.vectorTransforms, choice.features.isSuperset(of: [.avx2, .fma]))
        if choice.vectorTransforms {
            // The packed kernel is as wide as the CPU allows.
            XCTAssertEqual(choice.packedKernelBits, choice.features.contains(.avx512f) ? 512 : 256)
        } else {
            XCTAssertEqual(choice.packedKernelBits, 0)
        }
        XCTAssertFalse(choice.cpuModel.isEmpty)
        XCTAssertFalse(choice.description.isEmpty)
    }

    func testBLASCoreFoundFromItsTableAgreesWithItsName() throws {
        let core = KernelChoice.current().blas
        XCTAssertFalse(core.reportedName.isEmpty)
        XCTAssertTrue(core.config.contains("OpenBLAS"), core.config)
        // A DYNAMIC_ARCH build exports its tables. When the table in use is one
        // `BLASCore.knownTables` lists, it carries the reported name (unless OpenBLAS's name
        // list lags and says "Unknown"); when none matched, the reported name must not be one
        // of the listed tables either (else the pointer comparison is broken). A newer
        // OpenBLAS with a table the list lacks only loses the vector width in the report.
        try XCTSkipUnless(core.config.contains("DYNAMIC_ARCH"), "OpenBLAS built for one core")
        if let table = core.table {
            if core.reportedName != "Unknown" {
                XCTAssertEqual(table.lowercased(), core.reportedName.lowercased())
            }
            XCTAssertNotNil(core.vectorBits)
        } else {
            XCTAssertFalse(BLASCore.knownTables.contains { $0.table.lowercased() == core.reportedName.lowercased() },
                           "OpenBLAS names \(core.reportedName) but its table was not found by address")
        }
    }

    func testModelDescriptionReadsTheFirstProcessor() {
        let cpuinfo = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model\t\t: 2
            model name\t: AMD EPYC

            processor\t: 1
            model name\t: Other
            """
        XCTAssertEqual(CPUInfo.modelDescription(cpuinfo: cpuinfo), "AMD EPYC (family 26, model 2)")
        XCTAssertEqual(CPUInfo.modelDescription(cpuinfo: "Model\t: Raspberry Pi\n"), "Raspberry Pi")
        XCTAssertEqual(CPUInfo.modelDescription(cpuinfo: nil), "unknown")
    }

    func testWidestVector() {
        XCTAssertEqual(CPUFeatures([.avx2, .fma, .avx512f]).widestVectorBits, 512)
        XCTAssertEqual(CPUFeatures([.avx2, .fma]).widestVectorBits, 256)
        XCTAssertEqual(CPUFeatures([]).widestVectorBits, 128)
    }
}
