import Mustache
import Synchronization

/// The page shells and files of `templates/`, read once at the edge of a build.
package struct Templates: Sendable {
    /// Mustache texts by name (`page`, `head`, …).
    package var mustache: [String: String]
    /// Files copied into the site as they are: `style.css`, `search.js`.
    package var files: [String: [UInt8]]
    /// The folder they came from, for messages.
    package var origin: String

    package init(mustache: [String: String], files: [String: [UInt8]], origin: String) {
        self.mustache = mustache
        self.files = files
        self.origin = origin
    }

    /// Equal for equal templates, within one process: part of every rendered page's cache key.
    var fingerprint: Int {
        var hasher = Hasher()
        for (name, text) in mustache.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(text)
        }
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(bytes)
        }
        return hasher.finalize()
    }
}

/// The Mustache page shell: `page.mustache` and its partials.
///
/// The shell is rendered once per depth and current section with markers in its slots (title,
/// content, sidebar, table of contents, banner); each page's bytes are then spliced in where the
/// markers stand, so Mustache's reflection runs a handful of times per build, not once per page.
package struct PageShell: Sendable {
    /// A link in the site's header.
    package struct MenuItem: Sendable {
        package var label: String
        /// Relative to the site root, or absolute for another site.
        package var href: String
        package var isExternal: Bool
    }

    /// What the header shows on every page.
    package struct Site: Sendable {
        package var name: String
        package var version: String?
        package var menu: [MenuItem]
        package var hasSearch: Bool
    }

    package enum Slot: String, Sendable, CaseIterable {
        case title, content, sidebar, toc, banner, description, menu
    }

    private let library: MustacheLibrary
    private let site: Site

    /// - Throws: a ``Diagnostic`` naming the template and the line and column of a syntax error.
    package init(templates: Templates, site: Site) throws(Diagnostic) {
        var library = MustacheLibrary()
        for (name, text) in templates.mustache.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw Diagnostic(
                    .templateError,
                    "template syntax: \(error.error)", file: templates.origin + "/" + name + ".mustache",
                    at: SourceLocation(line: error.context.lineNumber, column: error.context.columnNumber))
            } catch {
                throw Diagnostic(
                    .templateError, "template syntax: \(error)", file: templates.origin + "/" + name + ".mustache")
            }
        }
        guard library.getTemplate(named: "page") != nil else {
            throw Diagnostic(.templateError, "no page.mustache in the templates folder", file: templates.origin)
        }
        self.library = library
        self.site = site
    }

    /// The whole page as UTF-8 bytes.
    /// - Parameters:
    ///   - depth: how many folders below the site root the page lies, for relative links.
    ///   - current: the label of the header link the page belongs to.
    ///   - slots: the page's parts; the title is plain text, the others HTML.
    package func render(depth: Int, current: String?, slots: [Slot: [UInt8]]) -> [UInt8] {
        let prepared = prepare(depth: depth)
        var slots = slots
        slots[.menu] = menu(depth: depth, current: current)
        var page: [UInt8] = []
        page.reserveCapacity(prepared.chunks.reduce(0) { $0 + $1.count } + slots.values.reduce(0) { $0 + $1.count })
        for (index, chunk) in prepared.chunks.enumerated() {
            page += chunk
            guard index < prepared.slots.count else { break }
            let slot = prepared.slots[index]
            if slot == .title || slot == .description {
                // Both are also written inside attributes (`<meta content="…">`): quotes are escaped too.
                var escaped = HTMLWriter(capacity: 128)
                escaped.appendEscaped(String(decoding: slots[slot] ?? [], as: UTF8.self), inAttribute: true)
                page += escaped.bytes
            } else {
                page += slots[slot] ?? []
            }
        }
        return page
    }

    /// A shell cut at its slots: `chunks[i]`, then `slots[i]`, …, then the last chunk.
    private struct Prepared: Sendable {
        var chunks: [[UInt8]]
        var slots: [Slot]
    }

    private final class Cache: Sendable {
        let shells = Mutex<[String: Prepared]>([:])
    }

    private let cache = Cache()

    private static func marker(_ slot: Slot) -> String { "\u{1}specgen-\(slot.rawValue)\u{1}" }

    /// The header's menu: the site's sections, the current one marked, and the config's links.
    private func menu(depth: Int, current: String?) -> [UInt8] {
        let root = depth == 0 ? "" : String(repeating: "../", count: depth)
        var html = HTMLWriter(capacity: 512)
        html.open("ul")
        for item in site.menu {
            html.open("li")
            html.element(
                "a",
                [
                    ("href", item.isExternal ? item.href : root + item.href),
                    ("aria-current", item.label == current ? "true" : nil),
                ],
                text: item.label)
            html.close("li")
        }
        html.close("ul")
        return html.bytes
    }

    /// Where `needle` first is in `haystack`.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }

    private func prepare(depth: Int) -> Prepared {
        let key = String(depth)
        if let cached = cache.shells.withLock({ $0[key] }) { return cached }
        let root = depth == 0 ? "" : String(repeating: "../", count: depth)
        var context: [String: Any] = [
            "root": root,
            "siteName": site.name,
            "hasSearch": site.hasSearch,
        ]
        if let version = site.version { context["version"] = version }
        for slot in Slot.allCases { context[slot.rawValue] = Self.marker(slot) }
        let shell = Array((library.render(context, withTemplate: "page") ?? Self.marker(.content)).utf8)
        var prepared = Prepared(chunks: [], slots: [])
        var rest = shell[...]
        let markers = Slot.allCases.map { ($0, Array(Self.marker($0).utf8)) }
        while true {
            var next: (slot: Slot, range: Range<Int>)?
            for (slot, bytes) in markers {
                if let range = Self.find(bytes, in: rest), next == nil || range.lowerBound < next!.range.lowerBound {
                    next = (slot, range)
                }
            }
            guard let next else {
                prepared.chunks.append(Array(rest))
                cache.shells.withLock { $0[key] = prepared }
                return prepared
            }
            prepared.chunks.append(Array(rest[..<next.range.lowerBound]))
            prepared.slots.append(next.slot)
            rest = rest[next.range.upperBound...]
        }
    }
}
