import Foundation

/// A folder of files made for one test, removed when the value is deinitialised.
package final class Fixture: @unchecked Sendable {
    package let path: String

    /// Writes `files` (relative path to contents) into a new temporary folder.
    package init(_ files: [String: String] = [:]) throws {
        path = try Fixture.makeTemporaryDirectory()
        for (name, contents) in files { try write(name, Array(contents.utf8)) }
    }

    /// A writable copy of a folder, such as a corpus of `../shared`.
    package static func copy(of folder: String) throws -> Fixture {
        let fixture = try Fixture()
        try fixture.copy(folder)
        return fixture
    }

    /// Copies a folder's contents into this one, made writable.
    package func copy(_ folder: String) throws {
        try copy(folder, to: ".")
    }

    /// Copies a folder into `subfolder` of this one, made writable.
    package func copy(_ folder: String, to subfolder: String) throws {
        try Self.run(["mkdir", "-p", path + "/" + subfolder])
        for arguments in [
            ["cp", "-R", folder + "/.", path + "/" + subfolder], ["chmod", "-R", "u+w", path + "/" + subfolder],
        ] {
            try Self.run(arguments)
        }
    }

    /// Runs git in this folder, as a user named `t`; `true` when it exits 0.
    @discardableResult
    package func git(_ arguments: [String]) throws -> Bool {
        try Self.run(["git", "-C", path, "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments) == 0
    }

    /// Makes this folder a git repository with one commit of what it holds.
    package func commitAll(_ message: String = "base") throws {
        try git(["init", "-q"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", message])
    }

    private static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    package func write(_ name: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    package func write(_ name: String, _ text: String) throws {
        try write(name, Array(text.utf8))
    }

    package func read(_ name: String) -> String? {
        try? String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }

    package func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + name)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func makeTemporaryDirectory() throws -> String {
        let base = FileManager.default.temporaryDirectory.path
        let path = "\(base)/specgen-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return SourcePaths.canonical(path)
    }
}

/// Where the package and the shared corpus are, found from this file's path.
package enum SourcePaths {
    /// The package root (the folder holding Package.swift).
    package static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    package static var templates: String { packageRoot + "/templates" }

    /// `../shared` beside the package, or `nil` when this clone has none.
    package static var shared: String? {
        let path = canonical(packageRoot + "/../shared")
        return FileManager.default.fileExists(atPath: path + "/corpus") ? path : nil
    }

    /// A file or folder of `../shared/reference`, or `nil` when it is absent.
    package static func reference(_ name: String) -> String? {
        guard let shared else { return nil }
        let path = shared + "/reference/" + name
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// A corpus folder of `../shared/corpus`, or `nil` when it is absent.
    package static func corpus(_ name: String) -> String? {
        guard let shared else { return nil }
        let path = shared + "/corpus/" + name
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
