import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a rendered site so that the previous one stays whole until the new one is complete:
/// files go into a temporary folder beside the output, which then replaces it.
public struct SiteWriter {
    /// Marks a folder as specgen's output, so that a mistyped `--output` never replaces other files.
    public static let markerName = ".specgen-site"

    public let output: String

    public init(output: String) {
        self.output = SourceTree.canonical(output)
    }

    /// - Throws: a ``Diagnostic`` when the output cannot be written; the previous site is then unchanged.
    public func write(_ site: RenderedSite) throws(Diagnostic) {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: output) {
            let contents = (try? fileManager.contentsOfDirectory(atPath: output)) ?? []
            guard contents.isEmpty || contents.contains(Self.markerName) else {
                throw .error("the output folder exists and was not written by specgen; choose another --output", file: output)
            }
        }
        let parent = SourceTree.parentDirectory(output)
        let name = String(output.dropFirst(parent.count + (parent == "/" ? 0 : 1)))
        let staging = "\(parent)/.\(name).specgen-new-\(getpid())"
        Self.removeLeftovers(in: parent, of: name)
        do {
            try? fileManager.removeItem(atPath: staging)
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            let folders = Set(site.files.map { SourceTree.parentDirectory(staging + "/" + $0.path) })
            for folder in folders.sorted() {
                try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let failures = parallelMap(site.files) { file -> String? in
                Self.writeFile(staging + "/" + file.path, file.bytes) ? nil : file.path
            }
            if let failed = failures.compactMap({ $0 }).first {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: failed])
            }
            _ = fileManager.createFile(atPath: staging + "/" + Self.markerName, contents: Data("specgen\n".utf8))
            try swap(staging, into: output)
        } catch let error as Diagnostic {
            try? fileManager.removeItem(atPath: staging)
            throw error
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw .error("cannot write the site: \(error.localizedDescription)", file: output)
        }
    }

    /// Removes staging folders that a killed build left beside the output.
    private static func removeLeftovers(in parent: String, of name: String) {
        for entry in SpecLayout.contents(of: parent)
        where entry.hasPrefix(".\(name).specgen-new-") || entry.hasPrefix(".\(name).specgen-old-") {
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    /// Writes a new file with POSIX calls: one open, one write loop, one close.
    private static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Puts the staged folder in place of the output, then removes the old one.
    private func swap(_ staging: String, into output: String) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output) else {
            try fileManager.moveItem(atPath: staging, toPath: output)
            return
        }
        let old = staging.replacingOccurrences(of: ".specgen-new-", with: ".specgen-old-")
        try fileManager.moveItem(atPath: output, toPath: old)
        do {
            try fileManager.moveItem(atPath: staging, toPath: output)
        } catch {
            try? fileManager.moveItem(atPath: old, toPath: output)
            throw error
        }
        try? fileManager.removeItem(atPath: old)
    }
}
