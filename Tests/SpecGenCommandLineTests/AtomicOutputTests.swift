import Foundation
import SpecGenTestSupport
import Testing

/// A build killed while it writes leaves the previous site whole.
@Suite struct AtomicOutputTests {
    /// A spec large enough that writing it takes a while: `count` endpoints, each saying `version`.
    static func spec(version: String, count: Int = 1500) -> String {
        var text = "swagger: '2.0'\ninfo: {title: Big}\npaths:\n"
        for index in 0..<count {
            text +=
                "  /item\(index):\n    get:\n      summary: \(version) summary \(index)\n      description: \(version) text.\n"
            text +=
                "      responses:\n        200:\n          description: \(version) ok\n          schema: {type: object, properties: {a: {type: string, enum: [x, y]}}}\n"
        }
        return text
    }

    /// The staging folder a running build writes into, beside the output.
    static func staging(in folder: String) -> String? {
        (try? FileManager.default.contentsOfDirectory(atPath: folder))?.first { $0.hasPrefix(".site.specgen-new-") }
    }

    @Test
    func leavesThePreviousSiteWholeWhenKilledWhileWriting() throws {
        let fixture = try Fixture(["api/client-server/big.yaml": Self.spec(version: "VERSION-ONE")])
        let arguments = [
            "build", "--root", fixture.path, "--output", fixture.path + "/site", "--templates", SourcePaths.templates,
        ]
        #expect(try CommandRunner.run(arguments).status == 0)
        try fixture.write("api/client-server/big.yaml", Self.spec(version: "VERSION-TWO"))

        var killsWhileWriting = 0
        for attempt in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(CommandRunner.executable))
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until the build has started writing, then let it write a little longer each time.
            while process.isRunning, Self.staging(in: fixture.path) == nil { usleep(200) }
            usleep(useconds_t(attempt * 300))
            let wasWriting = Self.staging(in: fixture.path) != nil && process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if wasWriting { killsWhileWriting += 1 }

            let page = try #require(fixture.read("site/client-server/index.html"), "no page after kill \(attempt)")
            let one = page.components(separatedBy: "VERSION-ONE summary").count - 1
            let two = page.components(separatedBy: "VERSION-TWO summary").count - 1
            #expect(
                (one == 1500 && two == 0) || (one == 0 && two == 1500), "a mixed or partial page after kill \(attempt)")
            #expect(fixture.exists("site/index.html") && fixture.exists("site/style.css"))
        }
        // The test proves something only if kills landed while the staging folder was being written.
        #expect(killsWhileWriting >= 4)

        // The next build finishes, and cleans up what killed builds left beside the output.
        #expect(try CommandRunner.run(arguments).status == 0)
        #expect(fixture.read("site/client-server/index.html")?.contains("VERSION-TWO summary 1499") == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.path).filter {
            $0.contains(".specgen-")
        }
        #expect(leftovers == [])
    }
}
