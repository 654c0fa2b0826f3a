import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// Builds sites in memory for tests: from a dictionary of files, or from a folder on disk.
enum TestSite {
    static let templates: Templates = {
        do { return try Templates.load(directory: SourcePaths.templates) } catch { fatalError("\(error)") }
    }()

    static func render(_ files: [String: String]) -> BuildResult {
        SiteBuilder(options: BuildOptions(fileSystem: MemoryFileSystem(text: files), templates: templates)).render()
    }

    static func render(root: String) -> BuildResult {
        SiteBuilder(options: BuildOptions(fileSystem: DiskFileSystem(root: root), templates: templates)).render()
    }

    /// A shared corpus, or `nil` (and the test is disabled) when `../shared` is absent.
    static func corpus(_ name: String) -> String? { SourcePaths.corpus(name) }
}

extension BuildResult {
    /// `path:line:col: severity: message` for each diagnostic, in display order.
    var messages: [String] { Diagnostic.sortedForDisplay(diagnostics).map(\.description) }
    var errors: [String] { messages.filter { $0.contains(": error: ") } }

    var htmlPages: [(path: String, html: String)] {
        (site?.files ?? []).filter { $0.path.hasSuffix(".html") }.map {
            ($0.path, String(decoding: $0.bytes, as: UTF8.self))
        }
    }

    func file(_ path: String) -> RenderedFile? { site?.files.first { $0.path == path } }

    func page(_ path: String) throws -> String {
        guard let file = file(path) else {
            let known = (site?.files ?? []).map(\.path).filter { $0.hasSuffix(".html") }.prefix(40)
            Issue.record("no page \(path) among \(known)")
            throw MissingPage(path: path)
        }
        return String(decoding: file.bytes, as: UTF8.self)
    }
}

struct MissingPage: Error {
    var path: String
}

extension String {
    /// The text from `start` up to (not including) the next `end`, or `nil`.
    func section(from start: String, to end: String) -> Substring? {
        guard let from = range(of: start) else { return nil }
        let rest = self[from.lowerBound...]
        guard let to = rest.range(of: end, range: rest.index(from.lowerBound, offsetBy: start.count)..<rest.endIndex)
        else { return rest }
        return rest[..<to.lowerBound]
    }
}
