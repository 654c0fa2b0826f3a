import Foundation
import Mustache

/// The Mustache page shell from `templates/`: `page.mustache` and its partials.
///
/// The shell is rendered with small, escaped values (title, navigation); the page's content,
/// already HTML bytes, is spliced in where `{{{content}}}` stands.
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
        let root = depth == 0 ? "" : String(repeating: "../", count: depth)
        let context: [String: Any] = [
            "title": title,
            "root": root,
            "content": Self.contentMarker,
            "sections": sections.map { section -> [String: Any] in
                ["label": section.label, "href": root + section.href, "current": section.label == current]
            },
        ]
        let shell = Array((library.render(context, withTemplate: "page") ?? Self.contentMarker).utf8)
        let marker = Array(Self.contentMarker.utf8)
        guard let range = shell.firstRange(of: marker) else { return shell + content }
        var page: [UInt8] = []
        page.reserveCapacity(shell.count + content.count)
        page += shell[..<range.lowerBound]
        page += content
        page += shell[range.upperBound...]
        return page
    }
}
