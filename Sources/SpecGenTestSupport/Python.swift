import Foundation

/// Runs Python 3 for the checks that the spec's own tooling makes (OpenAPI and SARIF validators,
/// the spec's scripts): `.ci/run` installs the packages they import.
package enum Python {
    package struct Result: Sendable {
        package var status: Int32
        package var output: String
    }

    /// Runs `python3 -c script arguments…`, with standard output and error together.
    package static func run(_ script: String, arguments: [String] = [], in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
