import Foundation

/// Compares output with a golden file.
///
/// Set `RECORD_GOLDEN=1` to write the output as the new golden file instead
/// (`RECORD_GOLDEN=1 swift test --filter Golden`), then review the change with `git diff` and run
/// the tests again without it. A recording run fails, so that it never passes as a test run.
package enum Golden {
    package static var isRecording: Bool {
        ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
    }

    /// - Returns: `nil` when the output matches, else a message: with a diff, or saying that the
    ///   file was recorded.
    package static func compare(_ actual: [UInt8], goldenPath: String) -> String? {
        if isRecording {
            try? FileManager.default.createDirectory(
                atPath: (goldenPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let written = FileManager.default.createFile(atPath: goldenPath, contents: Data(actual))
            return written
                ? "recorded \(goldenPath) (RECORD_GOLDEN=1); review it with git diff, then run the tests without RECORD_GOLDEN"
                : "cannot write \(goldenPath)"
        }
        guard let expected = FileManager.default.contents(atPath: goldenPath) else {
            return "no golden file at \(goldenPath); record it with RECORD_GOLDEN=1 swift test"
        }
        if [UInt8](expected) == actual { return nil }
        let actualPath = NSTemporaryDirectory() + "specgen-actual-\(UUID().uuidString).html"
        _ = FileManager.default.createFile(atPath: actualPath, contents: Data(actual))
        defer { try? FileManager.default.removeItem(atPath: actualPath) }
        let diff = Process()
        diff.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        diff.arguments = ["git", "diff", "--no-index", "--no-color", "-U3", goldenPath, actualPath]
        let pipe = Pipe()
        diff.standardOutput = pipe
        try? diff.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        diff.waitUntilExit()
        return "output differs from \(goldenPath) (RECORD_GOLDEN=1 swift test re-records it):\n"
            + String(output.prefix(6000))
    }
}
