import Foundation

extension Templates {
    /// Reads a templates folder: its `.mustache` files, and the files copied into every site
    /// (`style.css`, `search.js`).
    /// - Throws: a ``Diagnostic`` naming the folder or file that cannot be read.
    package static func load(directory: String) throws(Diagnostic) -> Templates {
        // Read as the source tree is: nothing through a link that leaves the folder, no FIFO.
        let folder = DiskFileSystem(root: directory)
        guard folder.isDirectory("") else {
            throw Diagnostic(.templateError, "cannot read the templates folder", file: directory)
        }
        var mustache: [String: String] = [:]
        var files: [String: [UInt8]] = [:]
        for name in folder.list("") where !name.hasPrefix(".") {
            let isTemplate = name.hasSuffix(".mustache")
            guard isTemplate || copiedExtensions.contains(where: name.hasSuffix) else { continue }
            let bytes: [UInt8]
            do {
                bytes = try folder.read(name)
            } catch {
                throw Diagnostic(.templateError, error.message, file: directory + "/" + name)
            }
            if isTemplate {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw Diagnostic(.templateError, "the template is not UTF-8", file: directory + "/" + name)
                }
                mustache[String(name.dropLast(".mustache".count))] = text
            } else {
                files[name] = bytes
            }
        }
        guard mustache["page"] != nil else {
            throw Diagnostic(.templateError, "no page.mustache in the templates folder", file: directory)
        }
        return Templates(mustache: mustache, files: files, origin: directory)
    }

    /// The files a templates folder gives every site as they are: its stylesheet, script and images.
    private static let copiedExtensions = [".css", ".js", ".svg", ".png"]
}
