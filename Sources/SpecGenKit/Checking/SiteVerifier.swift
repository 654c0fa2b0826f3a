/// Checks the rendered site itself: no id twice on a page, and every link inside the site
/// reaches a page and an anchor that exist.
enum SiteVerifier {
    /// - Parameter cache: keeps each page's scan by its revision, so unchanged pages are not scanned again.
    static func verify(_ site: RenderedSite, cache: BuildCache? = nil) -> [Diagnostic] {
        let pages = site.files.filter { $0.path.hasSuffix(".html") }
        let known = Set(site.files.map(\.path))
        let scans = parallelMap(pages) { page -> (String, Scan) in
            if let cache, let revision = page.revision, let known = cache.scan(page.path, revision: revision) { return (page.path, known) }
            let fresh = scan(page.bytes)
            if let cache, let revision = page.revision { cache.storeScan(fresh, for: page.path, revision: revision) }
            return (page.path, fresh)
        }
        let idsByPage = Dictionary(scans.map { ($0.0, Set($0.1.ids)) }, uniquingKeysWith: { a, _ in a })
        var problems: [Diagnostic] = []
        for (path, scan) in scans {
            var seen: [String: Int] = [:]
            for id in scan.ids { seen[id, default: 0] += 1 }
            for (id, count) in seen where count > 1 {
                problems.append(.error("rendered page: id '\(id)' is used \(count) times", file: path))
            }
            for href in Set(scan.hrefs) {
                guard let target = resolve(href, from: path) else { continue }
                if !target.page.isEmpty && !known.contains(target.page) {
                    problems.append(.error("rendered page: link '\(href)' goes to a page the site does not have", file: path))
                } else if let fragment = target.fragment, let ids = idsByPage[target.page.isEmpty ? path : target.page], !ids.contains(fragment) {
                    problems.append(.error("rendered page: link '\(href)' goes to an anchor the page does not have", file: path))
                }
            }
        }
        return problems
    }

    /// The site page and fragment of a relative link, or `nil` for links that leave the site.
    private static func resolve(_ href: String, from page: String) -> (page: String, fragment: String?)? {
        if href.contains("://") || href.hasPrefix("mailto:") || href.hasPrefix("//") || href.hasPrefix("/") { return nil }
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let fragment = parts.count > 1 ? String(parts[1]) : nil
        let path = String(parts[0])
        guard !path.isEmpty else { return ("", fragment) }
        if path.contains(":") { return nil }
        let folder = SourceTree.parentDirectory("/" + page)
        var target = String(SourceTree.normalize(folder + "/" + path).dropFirst())
        if target.isEmpty || path.hasSuffix("/") { target += (target.isEmpty ? "" : "/") + "index.html" }
        return (target, fragment)
    }

    struct Scan: Sendable {
        var ids: [String] = []
        var hrefs: [String] = []
    }

    /// Collects `id="…"` and `href="…"` values from the page's bytes (attributes are written by
    /// ``HTMLWriter`` with double quotes and escaped values).
    private static func scan(_ bytes: [UInt8]) -> Scan {
        var scan = Scan()
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while index + 7 < count {
                // ` id="` and ` href="`: a space, then `i` or `h`.
                guard buffer[index] == UInt8(ascii: " ") else {
                    index += 1
                    continue
                }
                let next = buffer[index + 1]
                var start = 0
                var isID = false
                if next == UInt8(ascii: "i"), buffer[index + 2] == UInt8(ascii: "d"), buffer[index + 3] == UInt8(ascii: "="),
                    buffer[index + 4] == UInt8(ascii: "\"")
                {
                    start = index + 5
                    isID = true
                } else if next == UInt8(ascii: "h"), buffer[index + 2] == UInt8(ascii: "r"), buffer[index + 3] == UInt8(ascii: "e"),
                    buffer[index + 4] == UInt8(ascii: "f"), buffer[index + 5] == UInt8(ascii: "="), buffer[index + 6] == UInt8(ascii: "\"")
                {
                    start = index + 7
                } else {
                    index += 1
                    continue
                }
                var end = start
                while end < count, buffer[end] != UInt8(ascii: "\"") { end += 1 }
                var value = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
                if value.containsBytes("&amp;") { value = value.replacingOccurrences(of: "&amp;", with: "&") }
                if isID { scan.ids.append(value) } else { scan.hrefs.append(value) }
                index = end
            }
        }
        return scan
    }
}
