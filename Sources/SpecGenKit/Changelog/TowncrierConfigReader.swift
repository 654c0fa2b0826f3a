import Foundation
internal import TOMLKit

/// Reads towncrier's configuration from a `pyproject.toml`.
enum TowncrierConfigReader {
    /// - Throws: a ``Diagnostic`` at the TOML error's line and column, or naming what is missing.
    static func read(path: String, display: String) throws(Diagnostic) -> TowncrierConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .error("cannot read the towncrier configuration", file: display)
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .error(
                "TOML: \(error.description)", file: display,
                at: SourceLocation(line: error.source.begin.line, column: error.source.begin.column))
        } catch {
            throw .error("TOML: \(error)", file: display)
        }
        guard let table = root["tool"]?.table?["towncrier"]?.table else {
            throw .error("no [tool.towncrier] table", file: display)
        }
        var types: [FragmentType] = []
        if let typeArray = table["type"]?.array {
            for value in typeArray {
                guard let type = value.table, let directory = type["directory"]?.string else {
                    throw .error("every [[tool.towncrier.type]] needs a 'directory'", file: display)
                }
                types.append(
                    FragmentType(
                        directory: directory, name: type["name"]?.string ?? directory,
                        showContent: type["showcontent"]?.bool ?? true))
            }
        }
        var sections: [(name: String, path: String)] = []
        if let sectionArray = table["section"]?.array {
            for value in sectionArray {
                guard let section = value.table else { continue }
                sections.append((section["name"]?.string ?? "", section["path"]?.string ?? ""))
            }
        }
        return TowncrierConfig(
            path: path,
            filename: table["filename"]?.string ?? "NEWS.rst",
            directory: table["directory"]?.string,
            template: table["template"]?.string,
            issueFormat: table["issue_format"]?.string,
            titleFormat: table["title_format"]?.string,
            startString: table["start_string"]?.string ?? ".. towncrier release notes start\n",
            underlines: table["underlines"]?.array?.compactMap { $0.string } ?? ["=", "-", "~"],
            types: types.isEmpty ? TowncrierConfig.defaultTypes : types,
            sections: sections.isEmpty ? [("", "")] : sections,
            orphanPrefix: table["orphan_prefix"]?.string ?? "+")
    }
}
