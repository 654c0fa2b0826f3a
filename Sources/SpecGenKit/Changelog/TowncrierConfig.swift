internal import TOMLKit

/// A fragment type from towncrier's `[[tool.towncrier.type]]`.
package struct FragmentType: Sendable, Hashable {
    /// The name in fragment file names: `new` in `2282.new`.
    package var directory: String
    /// The heading: `New Endpoints`.
    package var name: String
    package var showContent: Bool
}

/// towncrier's `[tool.towncrier]` table, with towncrier's defaults for what it leaves out.
package struct TowncrierConfig: Sendable {
    /// The `pyproject.toml` it was read from, root-relative.
    package var path: String
    package var filename: String
    /// The fragment folder, relative to the config's folder, when the config names one.
    package var directory: String?
    package var template: String?
    package var issueFormat: String?
    package var titleFormat: String?
    package var startString: String
    package var underlines: [String]
    package var types: [FragmentType]
    /// Section name and path; one unnamed section when the config has none.
    package var sections: [(name: String, path: String)]
    package var orphanPrefix: String
    /// Where keys are written in the config, for diagnostics about their values.
    package var keyLocations: [String: SourceLocation]

    package static let defaultTypes = [
        FragmentType(directory: "feature", name: "Features", showContent: true),
        FragmentType(directory: "bugfix", name: "Bugfixes", showContent: true),
        FragmentType(directory: "doc", name: "Improved Documentation", showContent: true),
        FragmentType(directory: "removal", name: "Deprecations and Removals", showContent: true),
        FragmentType(directory: "misc", name: "Misc", showContent: false),
    ]

    /// The folder of the config, root-relative.
    package var folder: String { SourcePath.parent(path) }

    /// The folder holding a section's fragments, or `nil` when it leaves the root.
    package func fragmentFolder(for section: (name: String, path: String)) -> String? {
        if let directory { return SourcePath.join(folder, SourcePath.child(directory, section.path)) }
        return SourcePath.join(folder, SourcePath.child(section.path, "newsfragments"))
    }

    /// Where a key is written, or the top of the file.
    package func location(of key: String) -> SourceLocation { keyLocations[key] ?? .start }

    /// Whether the release is a Markdown page (matrix-spec's `template.md.jinja`) rather than RST.
    package var writesMarkdown: Bool {
        guard let template else { return false }
        return template.hasSuffix(".md.jinja") || template.hasSuffix(".md") || template.hasSuffix(".md.j2")
    }

    /// Reads the `[tool.towncrier]` table of a `pyproject.toml`.
    /// - Throws: a ``Diagnostic`` at the TOML error's line and column, or naming what is missing.
    static func read(_ text: String, path: String) throws(Diagnostic) -> TowncrierConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Diagnostic(
                .tomlSyntax,
                "TOML: \(error.description)", file: path,
                at: SourceLocation(line: error.source.begin.line, column: error.source.begin.column))
        } catch {
            throw Diagnostic(.tomlSyntax, "TOML: \(error)", file: path)
        }
        guard let table = root["tool"]?.table?["towncrier"]?.table else {
            throw Diagnostic(.changelogConfig, "no [tool.towncrier] table", file: path)
        }
        var types: [FragmentType] = []
        if let typeArray = table["type"]?.array {
            for value in typeArray {
                guard let type = value.table, let directory = type["directory"]?.string else {
                    throw Diagnostic(.changelogConfig, "every [[tool.towncrier.type]] needs a 'directory'", file: path)
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
        var locations: [String: SourceLocation] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimming(" ")
            if locations[key] == nil {
                locations[key] = SourceLocation(line: number + 1, column: line.count - trimmed.count + 1)
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
            types: types.isEmpty ? defaultTypes : types,
            sections: sections.isEmpty ? [("", "")] : sections,
            orphanPrefix: table["orphan_prefix"]?.string ?? "+",
            keyLocations: locations)
    }
}

/// Where a tree's towncrier configurations are: one per API (`changelogs/<api>/pyproject.toml`,
/// matrix-doc) or one with sections (`changelogs/pyproject.toml`, matrix-spec).
package struct ChangelogLayout: Sendable {
    package var changelogs: String
    /// API folder name (empty for the sectioned config) and config path, root-relative.
    package var configs: [(api: String, path: String)]

    static func find(reader: SourceReader, changelogDirectory: String?) -> ChangelogLayout? {
        let folder = changelogDirectory ?? "changelogs"
        guard reader.isDirectory(folder) else { return nil }
        if reader.isFile(SourcePath.child(folder, "pyproject.toml")) {
            return ChangelogLayout(changelogs: folder, configs: [("", SourcePath.child(folder, "pyproject.toml"))])
        }
        let configs = reader.list(folder).compactMap { name -> (String, String)? in
            let path = SourcePath.child(SourcePath.child(folder, name), "pyproject.toml")
            return reader.isFile(path) ? (name, path) : nil
        }
        return configs.isEmpty ? nil : ChangelogLayout(changelogs: folder, configs: configs)
    }

    package var isSectioned: Bool { configs.count == 1 && configs[0].api.isEmpty }

    /// A readable title for a changelog folder or section: `client_server` reads `Client-Server API`.
    package static func title(for name: String) -> String {
        let known = [
            "client_server": "Client-Server API", "server_server": "Server-Server API",
            "application_service": "Application Service API", "identity_service": "Identity Service API",
            "push_gateway": "Push Gateway API", "room_versions": "Room Versions", "appendices": "Appendices",
            "internal": "Internal Changes/Tooling",
        ]
        return known[name] ?? name.replacingOccurrences(of: "_", with: " ").capitalized
    }

    /// The API folder of `api/` that a changelog folder belongs to: `client_server` is `client-server`.
    package static func apiFolder(for name: String) -> String {
        let known = ["identity_service": "identity"]
        return known[name] ?? name.replacingOccurrences(of: "_", with: "-")
    }
}
