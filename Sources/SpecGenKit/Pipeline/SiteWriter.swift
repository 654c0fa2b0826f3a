import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a rendered site so that the previous one stays whole until the new one is complete:
/// files go into a staging folder beside the output, which then replaces it.
package struct SiteWriter: SiteConsumer {
    /// Marks a folder as specgen's output, so that a mistyped `--output` never replaces other files.
    package static let markerName = ".specgen-site"

    package let output: String

    package init(output: String) {
        self.output = DiskFileSystem.canonical(output)
    }

    /// - Throws: a ``Diagnostic`` when the output cannot be written; the previous site is then unchanged.
    package func consume(_ site: RenderedSite) throws(Diagnostic) {
        let staging = try stage()
        do {
            try staging.write(site.files)
            try staging.commit()
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// A staging folder for a site written in several steps (`--all-versions` writes each version
    /// as it is built); nothing of it shows at the output until ``Staging/commit()``.
    /// - Throws: a ``Diagnostic`` when the output is not a folder specgen may replace.
    package func stage() throws(Diagnostic) -> Staging {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: output, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Diagnostic(
                    .output, "the output path is a file, not a folder; choose another --output", file: output)
            }
            let contents = (try? fileManager.contentsOfDirectory(atPath: output)) ?? []
            guard contents.isEmpty || contents.contains(Self.markerName) else {
                throw Diagnostic(
                    .output,
                    "the output folder exists and was not written by specgen; choose another --output", file: output)
            }
        }
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        let staging = Staging(folder: "\(parent)/.\(name).specgen-new-\(getpid())", output: output)
        Self.removeLeftovers(in: parent, of: name)
        try? fileManager.removeItem(atPath: staging.folder)
        do {
            try fileManager.createDirectory(atPath: staging.folder, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(.output, "cannot write the site: \(Self.describe(error))", file: output)
        }
        return staging
    }

    /// A site being written beside the output.
    package struct Staging: Sendable {
        let folder: String
        let output: String

        /// Writes files, in parallel; a later file of the same path replaces an earlier one.
        package func write(_ site: [RenderedFile]) throws(Diagnostic) {
            // A page's path is its URL; its file is that path as a web server reads a request.
            let files = site.map { (path: URLPolicy.filePath(ofSitePath: $0.path), pieces: $0.pieces) }
            let directories = Set(files.map { (folder + "/" + $0.path as NSString).deletingLastPathComponent })
            do {
                for directory in directories.sorted() {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                }
            } catch {
                throw Diagnostic(.output, "cannot write the site: \(SiteWriter.describe(error))", file: output)
            }
            let failures = parallelMap(files) { file -> (String, Int32)? in
                let error = SiteWriter.writeFile(folder + "/" + file.path, file.pieces)
                return error == 0 ? nil : (file.path, error)
            }
            if let (failed, code) = failures.compactMap({ $0 }).first {
                throw Diagnostic(.output, "cannot write \(failed): \(String(cString: strerror(code)))", file: output)
            }
        }

        /// A file written earlier, by its site path.
        package func read(_ path: String) throws(Diagnostic) -> [UInt8] {
            do {
                return try DiskFileSystem(root: folder, maxFileSize: .max).read(URLPolicy.filePath(ofSitePath: path))
            } catch {
                throw Diagnostic(
                    .output, "cannot read back \(path) from the staging folder: \(error.message)", file: output)
            }
        }

        /// Marks the folder as specgen's and puts it in place of the output.
        package func commit() throws(Diagnostic) {
            _ = FileManager.default.createFile(
                atPath: folder + "/" + SiteWriter.markerName, contents: Data("specgen\n".utf8))
            do {
                try SiteWriter.swap(folder, into: output)
            } catch {
                throw Diagnostic(.output, "cannot write the site: \(SiteWriter.describe(error))", file: output)
            }
        }

        /// Removes what was written; the output is left as it was.
        package func abandon() {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Words for a file-system error, rather than "NSCocoaErrorDomain error 512".
    static func describe(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteNoPermission: return "permission denied"
        case .fileWriteFileExists: return "a file is in the way"
        case .fileNoSuchFile: return "a folder on the way does not exist"
        default: return error.localizedDescription
        }
    }

    /// Removes staging folders that a killed build left beside the output.
    private static func removeLeftovers(in parent: String, of name: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        where entry.hasPrefix(".\(name).specgen-new-") || entry.hasPrefix(".\(name).specgen-old-") {
            // Another build's folder is left alone while its process runs.
            if let pid = Int32(entry.split(separator: "-").last ?? ""), pid != getpid(), kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    /// Writes a new file with POSIX calls: one open, a write loop per piece, one close. Returns
    /// `errno`, 0 when written.
    static func writeFile(_ path: String, _ pieces: [ArraySlice<UInt8>]) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        for piece in pieces {
            let error = piece.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return 0
            }
            if error != 0 { return error }
        }
        return 0
    }

    /// Puts the staged folder in place of the output, then removes the old one.
    static func swap(_ staging: String, into output: String) throws {
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
        Self.remove(old)
    }

    /// Removes a folder that nothing else names any more: its entries in parallel, then itself.
    private static func remove(_ folder: String) {
        let fileManager = FileManager.default
        let entries = (try? fileManager.contentsOfDirectory(atPath: folder)) ?? []
        _ = parallelMap(entries) { try? FileManager.default.removeItem(atPath: folder + "/" + $0) }
        try? fileManager.removeItem(atPath: folder)
    }
}
