import Foundation

/// The one rule for every URL that reaches an `href` or `src`, whatever its source (Markdown,
/// raw HTML, the Hugo config, front matter, data files, file names), and for the files the site
/// may carry. ``HTMLWriter`` applies it to every attribute it writes, as the last line.
package enum URLPolicy {
    /// http(s), mailto, or a link without a scheme (relative, `#fragment`, `/path`). A browser
    /// skips leading spaces and control characters and drops tabs and newlines inside a scheme,
    /// so this does too before it reads the scheme.
    package static func allows(_ url: String) -> Bool {
        let trimmed = url.utf8.drop { $0 <= 0x20 }
        let scheme = trimmed.prefix {
            $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
        }
        guard scheme.count < trimmed.count, trimmed[scheme.endIndex] == UInt8(ascii: ":") else { return true }
        let name = String(decoding: scheme.filter { $0 > 0x20 }, as: UTF8.self).lowercased()
        return name == "http" || name == "https" || name == "mailto"
    }

    /// Whether a value may stand in the attribute: the attributes whose value a browser follows or
    /// loads pass ``allows(_:)``; an image's `src` may also be a `data:image/…` URL, which no
    /// browser runs as script there.
    static func allows(_ value: String, inAttribute name: String) -> Bool {
        // Most attributes (`class`, `id`, `role`) are told apart by their length and first letter.
        switch name.utf8.count {
        case 3, 4, 6, 10: break
        default: return true
        }
        switch name.utf8.first {
        case UInt8(ascii: "h"), UInt8(ascii: "s"), UInt8(ascii: "c"), UInt8(ascii: "a"), UInt8(ascii: "f"),
            UInt8(ascii: "p"), UInt8(ascii: "d"):
            break
        default: return true
        }
        switch name {
        case "href", "src", "srcset", "cite", "action", "formaction", "poster", "data": break
        default: return true
        }
        if name == "src", value.utf8.starts(with: "data:image/".utf8) { return true }
        return allows(value)
    }

    // MARK: Paths from file names

    /// A file or folder name as a URL path segment: every byte but letters, digits and `-._~`
    /// percent-encoded, so that `javascript:x.md` is the relative link `javascript%3Ax/`.
    static func encodedSegment(_ name: String) -> String {
        guard name.utf8.contains(where: { !isUnreserved($0) }) else { return name }
        var out: [UInt8] = []
        for byte in name.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigit(byte >> 4), hexDigit(byte & 0xF)]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The file a site path is written to: its percent-encoding undone, as a web server reads a
    /// request. Paths with no `%` are their own file.
    package static func filePath(ofSitePath path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: "%")) else { return path }
        return path.removingPercentEncoding ?? path
    }

    /// A letter, a digit or one of `-._~`: what a URL never needs escaped.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    // MARK: Active content

    /// The kinds of file a browser runs script in when it opens them from the site.
    private static let activeExtensions: Set<String> = [
        "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs", "cjs", "swf",
        "mht", "mhtml", "rdf", "xul",
    ]

    /// Whether a copied file could run script in the site's origin: by its extension, or, for a
    /// name without one that a browser might sniff, by markup at its start (`<html`, `<svg`, `<?xml`).
    /// Such a file is never published (see the README's "Active content").
    static func isActiveContent(path: String, bytes: [UInt8]) -> Bool {
        let name = SourcePath.name(path).lowercased()
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            let start = bytes.prefix(512).drop { $0 <= 0x20 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
            return start.first == UInt8(ascii: "<")
        }
        return activeExtensions.contains(String(name[name.index(after: dot)...]))
    }

    /// An SVG that a page shows as an image, as a `data:` URL: inside `<img>` no browser runs its
    /// script, and opened on its own it has no origin to run in.
    static func imageDataURL(svg bytes: [UInt8]) -> String {
        "data:image/svg+xml;base64," + Data(bytes).base64EncodedString()
    }
}
