import Foundation

/// Runs other programs (git, tar) for the changelog release and the diff.
enum Subprocess {
    /// Runs a program found on `PATH`; its standard output when it exits 0, `nil` otherwise.
    @discardableResult
    static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// `git -C directory …`, trimmed; `nil` when git fails.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) -> String? {
        run(["git", "-C", directory] + arguments)?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
