import Foundation

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
    public func write(_ site: RenderedSite, extraFiles: [(source: String, path: String)] = []) throws(Diagnostic) {
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
        do {
            try? fileManager.removeItem(atPath: staging)
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            var folders: Set<String> = []
            for file in site.files {
                let path = staging + "/" + file.path
                let folder = SourceTree.parentDirectory(path)
                if folders.insert(folder).inserted {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                guard fileManager.createFile(atPath: path, contents: Data(file.bytes)) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                }
            }
            for extra in extraFiles {
                try fileManager.copyItem(atPath: extra.source, toPath: staging + "/" + extra.path)
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
