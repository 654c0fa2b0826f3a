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
        let id = Array(" id=\"".utf8), href = Array(" href=\"".utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: " ") else {
                index += 1
                continue
            }
            let isID = bytes[index...].starts(with: id)
            let isHref = !isID && bytes[index...].starts(with: href)
            guard isID || isHref else {
                index += 1
                continue
            }
            let start = index + (isID ? id.count : href.count)
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
            let value = String(decoding: bytes[start..<end], as: UTF8.self).replacingOccurrences(of: "&amp;", with: "&")
            if isID { scan.ids.append(value) } else { scan.hrefs.append(value) }
            index = end
        }
        return scan
    }
}
