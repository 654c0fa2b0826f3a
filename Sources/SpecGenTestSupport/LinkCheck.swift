/// Checks a built site's pages: the fragment links that lead nowhere.
package enum LinkCheck {
    /// Every `href="#x"` without an `id="x"` on the same page, as `page -> #x`.
    package static func brokenFragments(in pages: [(path: String, html: String)]) -> [String] {
        var broken: [String] = []
        for (path, html) in pages {
            let bytes = Array(html.utf8)
            let ids = Set(values(after: Array(" id=\"".utf8), in: bytes))
            for fragment in Set(values(after: Array(" href=\"#".utf8), in: bytes)) where !ids.contains(fragment) {
                broken.append("\(path) -> #\(fragment)")
            }
        }
        return broken.sorted()
    }

    /// The attribute values that follow each occurrence of `prefix`, up to the closing quote, with
    /// `&amp;` read as `&`; a byte scan, as pages run to megabytes.
    private static func values(after prefix: [UInt8], in html: [UInt8]) -> [String] {
        var found: [String] = []
        var index = 0
        let quote = UInt8(ascii: "\"")
        while index + prefix.count <= html.count {
            guard html[index] == prefix[0], html[index..<index + prefix.count].elementsEqual(prefix) else {
                index += 1
                continue
            }
            let start = index + prefix.count
            var end = start
            while end < html.count, html[end] != quote { end += 1 }
            found.append(String(decoding: html[start..<end], as: UTF8.self).replacing("&amp;", with: "&"))
            index = end
        }
        return found
    }
}
