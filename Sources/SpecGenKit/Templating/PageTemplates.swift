import Foundation

extension Templates {
    /// Reads a templates folder: its `.mustache` files, and the files copied into every site
    /// (`style.css`, `search.js`).
    /// - Throws: a ``Diagnostic`` naming the folder or file that cannot be read.
    package static func load(directory: String) throws(Diagnostic) -> Templates {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw Diagnostic(.templateError, "cannot read the templates folder", file: directory)
        }
        var mustache: [String: String] = [:]
        var files: [String: [UInt8]] = [:]
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if name.hasSuffix(".mustache") {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw Diagnostic(.templateError, "the template is not UTF-8", file: path)
                }
                mustache[String(name.dropLast(".mustache".count))] = text
            } else if name.hasSuffix(".css") || name.hasSuffix(".js") || name.hasSuffix(".svg")
                || name.hasSuffix(".png")
            {
                files[name] = [UInt8](data)
            }
        }
        guard mustache["page"] != nil else {
            throw Diagnostic(.templateError, "no page.mustache in the templates folder", file: directory)
        }
        return Templates(mustache: mustache, files: files, origin: directory)
    }
}
