import Foundation

/// Finds links to anchors that a page does not have.
package enum LinkCheck {
    /// Every `href="#x"` without an `id="x"` on the same page, as `page -> #x`.
    package static func brokenFragments(in pages: [(path: String, html: String)]) -> [String] {
        var broken: [String] = []
        for (path, html) in pages {
            let ids = Set(matches(of: " id=\"", in: html))
            for fragment in Set(matches(of: " href=\"#", in: html)) where !ids.contains(fragment) {
                broken.append("\(path) -> #\(fragment)")
            }
        }
        return broken.sorted()
    }

    private static func matches(of prefix: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let range = rest.range(of: prefix) {
            let value = rest[range.upperBound...].prefix { $0 != "\"" }
            found.append(String(value).replacingOccurrences(of: "&amp;", with: "&"))
            rest = rest[range.upperBound...]
        }
        return found
    }
}
