import Foundation
import SpecGenTestSupport
import Testing

/// A build killed at any moment leaves the previous site whole.
@Suite struct AtomicOutputTests {
    /// A spec large enough that a build takes a while: `count` endpoints, each saying `version`.
    static func spec(version: String, count: Int = 1500) -> String {
        var text = "swagger: '2.0'\ninfo: {title: Big}\npaths:\n"
        for index in 0..<count {
            text += "  /item\(index):\n    get:\n      summary: \(version) summary \(index)\n      description: \(version) text.\n"
            text += "      responses:\n        200:\n          description: \(version) ok\n          schema: {type: object, properties: {a: {type: string, enum: [x, y]}}}\n"
        }
        return text
    }

    @Test func leavesThePreviousSiteWholeWhenKilledPartWay() throws {
        let fixture = try Fixture(["api/client-server/big.yaml": Self.spec(version: "VERSION-ONE")])
        let arguments = ["build", "--root", fixture.path, "--output", fixture.path + "/site", "--templates", SourcePaths.templates]
        #expect(try CommandRunner.run(arguments).status == 0)
        try fixture.write("api/client-server/big.yaml", Self.spec(version: "VERSION-TWO"))

        for delay in [2, 10, 30, 60, 100, 150, 250, 400] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(CommandRunner.executable))
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(delay * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let page = try #require(fixture.read("site/client-server/index.html"), "no page after a kill at \(delay) ms")
            let one = page.components(separatedBy: "VERSION-ONE summary").count - 1
            let two = page.components(separatedBy: "VERSION-TWO summary").count - 1
            #expect((one == 1500 && two == 0) || (one == 0 && two == 1500), "a mixed or partial page after a kill at \(delay) ms")
            #expect(fixture.exists("site/index.html") && fixture.exists("site/style.css"))
        }

        // The next build finishes, and cleans up what killed builds left beside the output.
        #expect(try CommandRunner.run(arguments).status == 0)
        #expect(fixture.read("site/client-server/index.html")?.contains("VERSION-TWO summary 1499") == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.path).filter { $0.contains(".specgen-") }
        #expect(leftovers == [])
    }
}
