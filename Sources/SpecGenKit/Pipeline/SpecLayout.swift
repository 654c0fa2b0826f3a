import Foundation

/// Where a spec source tree keeps its parts: the matrix-doc layout (`api/`, `event-schemas/`)
/// or the matrix-spec layout (`data/api/`, `data/event-schemas/`), or what `specgen.yaml` names.
public struct SpecLayout: Sendable {
    public var root: String
    public var apiDirectory: String?
    public var eventSchemaDirectory: String?
    public var changelogDirectory: String?
    public var proposalsDirectory: String?
    public var variables: BuildVariables
    public var title: String
    /// Where the sources can be read online, for relative links to files the site does not carry.
    public var sourceURL: String?
    /// The published spec site, for links to its prose pages (`/client-server-api/#…`).
    public var specURL: String?

    /// Looks at the folders under `root`, then applies `specgen.yaml` when there is one.
    public static func detect(root: String, diagnostics: DiagnosticCollector) -> SpecLayout {
        let root = SourceTree.canonical(root)
        func existing(_ candidates: String...) -> String? {
            candidates.map { root + "/" + $0 }.first { isDirectory($0) }
        }
        var layout = SpecLayout(
            root: root,
            apiDirectory: existing("data/api", "api"),
            eventSchemaDirectory: existing("data/event-schemas/schema", "event-schemas/schema"),
            changelogDirectory: existing("changelogs"),
            proposalsDirectory: existing("proposals"),
            variables: BuildVariables(),
            title: "Matrix Specification",
            sourceURL: nil)
        if layout.apiDirectory?.hasSuffix("/data/api") == true {
            // matrix-spec links to its own Hugo pages; the newest release page names the version.
            let versions = contents(of: root + "/content/changelog").filter { $0.hasPrefix("v") && $0.hasSuffix(".md") }
                .map { String($0.dropLast(3)) }.sorted { ChangelogHistoryReader.newestFirst($0, $1) }
            layout.specURL = "https://spec.matrix.org/" + (versions.first ?? "latest")
        }
        layout.applyConfig(diagnostics: diagnostics)
        return layout
    }

    private mutating func applyConfig(diagnostics: DiagnosticCollector) {
        let path = root + "/specgen.yaml"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let tree = SourceTree(root: root, diagnostics: diagnostics)
        guard let config = tree.document(tree.id(for: path)) else { return }
        func folder(_ key: String) -> String?? {
            guard let value = config[key] else { return .none }
            guard let name = value.string else {
                diagnostics.emit(.error("'\(key)' must be a folder name", file: "specgen.yaml", at: value.location))
                return .none
            }
            let full = SourceTree.normalize(root + "/" + name)
            guard full.hasPrefix(root + "/") || full == root else {
                diagnostics.emit(.error("'\(key)' must be a folder inside the source root", file: "specgen.yaml", at: value.location))
                return .none
            }
            return .some(full)
        }
        if let value = folder("api") { apiDirectory = value }
        if let value = folder("events") { eventSchemaDirectory = value }
        if let value = folder("changelogs") { changelogDirectory = value }
        if let value = folder("proposals") { proposalsDirectory = value }
        if let title = config["title"]?.string { self.title = title }
        if let url = config["source_url"]?.string { sourceURL = url.hasSuffix("/") ? url : url + "/" }
        if let url = config["spec_url"]?.string { specURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        for pair in config["variables"]?.pairs ?? [] {
            if let value = pair.value.string {
                variables.values[pair.key] = value
            } else {
                diagnostics.emit(.error("variable '\(pair.key)' must be a string", file: "specgen.yaml", at: pair.value.location))
            }
        }
    }

    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The names in a folder, sorted; empty when it cannot be read.
    static func contents(of directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}
