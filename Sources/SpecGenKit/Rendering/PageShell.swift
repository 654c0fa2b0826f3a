import Foundation
import Mustache
import Synchronization

/// The Mustache page shell from `templates/`: `page.mustache` and its partials.
///
/// The shell is rendered once per kind of page with markers for the title and the content, then
/// each page's escaped title and content bytes are spliced in where the markers stand.
public struct PageShell: Sendable {
    /// A link in the site's header.
    public struct Section: Sendable {
        public var label: String
        /// Relative to the site root, e.g. `client-server/index.html`.
        public var href: String
    }

    private let library: MustacheLibrary
    /// The folder the templates and the stylesheet came from.
    public let directory: String
    private static let contentMarker = "\u{1}specgen-content\u{1}"

    /// Loads every `.mustache` file of a folder; `page.mustache` is the shell.
    /// - Throws: a ``Diagnostic`` naming the template and the line and column of a syntax error.
    public init(directory: String) throws(Diagnostic) {
        self.directory = directory
        var library = MustacheLibrary()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = directory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .error("cannot read the template", file: path)
            }
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw .error(
                    "template syntax: \(error.error)", file: path,
                    at: SourceLocation(line: error.context.lineNumber, column: error.context.columnNumber))
            } catch {
                throw .error("template syntax: \(error)", file: path)
            }
        }
        guard library.getTemplate(named: "page") != nil else {
            throw .error("no page.mustache in the templates folder", file: directory)
        }
        self.library = library
    }

    /// The whole page as UTF-8 bytes.
    /// - Parameters:
    ///   - title: the page's title, plain text.
    ///   - depth: how many folders below the site root the page lies, for relative links.
    ///   - current: the header section the page belongs to.
    public func render(title: String, depth: Int, sections: [Section], current: String?, content: [UInt8]) -> [UInt8] {
        let prepared = prepare(depth: depth, sections: sections, current: current)
        var escapedTitle = HTMLWriter(capacity: title.utf8.count + 16)
        escapedTitle.text(title)
        var page: [UInt8] = []
        page.reserveCapacity(prepared.chunks.reduce(content.count) { $0 + $1.count } + 2 * escapedTitle.bytes.count)
        for (index, chunk) in prepared.chunks.enumerated() {
            page += chunk
            guard index < prepared.slots.count else { break }
            page += prepared.slots[index] == .title ? escapedTitle.bytes : content
        }
        return page
    }

    private enum Slot: Sendable { case title, content }

    /// A shell cut at its slots: `chunks[i]`, then `slots[i]`, ..., then the last chunk.
    private struct Prepared: Sendable {
        var chunks: [[UInt8]]
        var slots: [Slot]
    }

    private final class Cache: Sendable {
        let shells = Mutex<[String: Prepared]>([:])
    }

    private let cache = Cache()
    private static let titleMarker = "\u{1}specgen-title\u{1}"

    /// Renders the Mustache shell once per depth and section, with markers where the title and
    /// the content go, and cuts it there.
    private func prepare(depth: Int, sections: [Section], current: String?) -> Prepared {
        let key = "\(depth)\u{0}\(current ?? "")"
        if let cached = cache.shells.withLock({ $0[key] }) { return cached }
        let root = depth == 0 ? "" : String(repeating: "../", count: depth)
        let context: [String: Any] = [
            "title": Self.titleMarker,
            "root": root,
            "content": Self.contentMarker,
            "sections": sections.map { section -> [String: Any] in
                ["label": section.label, "href": root + section.href, "current": section.label == current]
            },
        ]
        let shell = Array((library.render(context, withTemplate: "page") ?? Self.contentMarker).utf8)
        let title = Array(Self.titleMarker.utf8), content = Array(Self.contentMarker.utf8)
        var prepared = Prepared(chunks: [], slots: [])
        var rest = shell[...]
        while true {
            let nextTitle = rest.firstRange(of: title)
            let nextContent = rest.firstRange(of: content)
            let isTitle: Bool
            let range: Range<Int>
            switch (nextTitle, nextContent) {
            case let (t?, c?): (isTitle, range) = t.lowerBound < c.lowerBound ? (true, t) : (false, c)
            case let (t?, nil): (isTitle, range) = (true, t)
            case let (nil, c?): (isTitle, range) = (false, c)
            case (nil, nil):
                prepared.chunks.append(Array(rest))
                cache.shells.withLock { $0[key] = prepared }
                return prepared
            }
            prepared.chunks.append(Array(rest[..<range.lowerBound]))
            prepared.slots.append(isTitle ? .title : .content)
            rest = rest[range.upperBound...]
        }
    }
}
