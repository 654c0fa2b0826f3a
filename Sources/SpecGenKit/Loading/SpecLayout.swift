/// Where a spec source tree keeps its parts, as root-relative folders: the matrix-doc layout
/// (`api/`, `event-schemas/`, `changelogs/`, `proposals/`), the matrix-spec layout (`data/api/`,
/// `data/event-schemas/`, `content/`, …), and what `specgen.yaml` says.
package struct SpecLayout: Sendable, Hashable {
    package enum Kind: String, Sendable {
        /// matrix-doc (until 2021): API reference pages per API, RST in descriptions.
        case matrixDoc
        /// matrix-spec: a Hugo website of prose pages that embed the API.
        case matrixSpec
    }

    package var kind: Kind
    package var apiDirectory: String?
    /// The folder holding `schema/` and `examples/`.
    package var eventsDirectory: String?
    package var changelogDirectory: String?
    package var proposalsDirectory: String?
    package var contentDirectory: String?
    /// `data/`: definitions, string formats and other data that shortcodes name.
    package var dataDirectory: String?
    package var layoutsDirectory: String?
    /// matrix-doc's `specification/`: RST prose, read only for the substitutions it defines.
    package var proseDirectory: String?
    package var variables: BuildVariables
    package var title: String
    /// Where the sources can be read online, for relative links to files the site does not carry.
    package var sourceURL: String?
    /// The published spec site, for links to pages this tree does not have.
    package var specURL: String?
    /// Which git tags `build --all-versions` builds.
    package var versionPattern = "v*"
    /// What `diagnostics:` makes of kinds of diagnostic: `ignore`, `warn` and `error`, each a list of ids.
    package var diagnosticPolicy = DiagnosticPolicy()

    /// The folders `specgen serve` watches: the ones the layout reads, and the root's own files.
    package var watchedFolders: [String] {
        [
            apiDirectory, eventsDirectory, changelogDirectory, proposalsDirectory, contentDirectory, dataDirectory,
            layoutsDirectory, proseDirectory, "data-definitions", "assets", "static", "config",
        ]
        .compactMap { $0 }
    }

    /// What specgen looks for, for the "no spec found" message.
    package static let expectation =
        "the matrix-doc layout (api/, event-schemas/, changelogs/, proposals/) or the matrix-spec layout (data/api/, content/)"

    /// Looks at the folders under the root, then applies `specgen.yaml` when there is one.
    /// - Returns: `nil`, with an error, when the root holds no spec.
    /// - Parameter mountedProposals: the folder a second root of proposals is mounted at, which
    ///   the proposals are read from whatever `specgen.yaml` says.
    static func detect(
        reader: SourceReader, documents: YAMLDocuments, diagnostics: DiagnosticCollector,
        mountedProposals: String? = nil
    ) -> SpecLayout? {
        func folder(_ candidates: String...) -> String? {
            candidates.first { reader.isDirectory($0) }
        }
        // A Hugo site: its content beside its data or its configuration.
        let isHugoSite =
            reader.isDirectory("data")
            || ["config.toml", "hugo.toml", "config/_default/hugo.toml"].contains { reader.isFile($0) }
        // matrix-spec's first months (early 2021) held both: a Hugo site being written beside the
        // gendoc tree that was still built and that alone shows the endpoints and events.
        let isGendocTree = reader.isDirectory("api") && reader.isFile("specification/targets.yaml")
        let isMatrixSpec =
            reader.isDirectory("data/api") || (reader.isDirectory("content") && isHugoSite && !isGendocTree)
        if !isMatrixSpec, isGendocTree, reader.isDirectory("content"), isHugoSite {
            diagnostics.emit(
                Diagnostic(
                    .mixedLayout,
                    "the tree holds gendoc's prose (specification/targets.yaml) and a Hugo site without data/api; it is built as gendoc built it, from specification/, and content/ is not read",
                    file: "content", at: .start))
        }
        var layout = SpecLayout(
            kind: isMatrixSpec ? .matrixSpec : .matrixDoc,
            apiDirectory: isMatrixSpec ? folder("data/api") : folder("api"),
            eventsDirectory: isMatrixSpec ? folder("data/event-schemas") : folder("event-schemas"),
            changelogDirectory: folder("changelogs"),
            proposalsDirectory: folder("proposals"),
            contentDirectory: isMatrixSpec ? folder("content") : nil,
            dataDirectory: isMatrixSpec ? folder("data") : nil,
            layoutsDirectory: isMatrixSpec ? folder("layouts") : nil,
            proseDirectory: isMatrixSpec ? nil : folder("specification"),
            variables: BuildVariables(),
            title: "Matrix Specification")
        for name in ["api", "event-schemas", "changelogs", "proposals", "content", "data"]
        where reader.kind(name) == .outsideRoot {
            diagnostics.emit(
                Diagnostic(
                    .outsideRoot, "'\(name)' is a symbolic link out of the source root; it is not read", file: name,
                    at: .start))
        }
        let config = reader.kind("specgen.yaml")
        if case .file = config {
            layout.applyConfig(reader: reader, documents: documents, diagnostics: diagnostics)
        } else if config != .missing, let problem = SourceFileError(listedEntry: config) {
            diagnostics.emit(Diagnostic(.unreadableFile, problem.message, file: "specgen.yaml", at: .start))
        }
        if let mountedProposals { layout.proposalsDirectory = mountedProposals }
        guard layout.holdsSpec(reader) else { return nil }
        return layout
    }

    /// Whether any part of a spec is there: endpoints, events, changelogs, proposals or prose.
    private func holdsSpec(_ reader: SourceReader) -> Bool {
        if let api = apiDirectory, reader.list(api).contains(where: { reader.isDirectory(SourcePath.child(api, $0)) }) {
            return true
        }
        if let events = eventsDirectory, reader.isDirectory(SourcePath.child(events, "schema")) { return true }
        if let changelogs = changelogDirectory,
            reader.list(changelogs).contains(where: {
                $0 == "pyproject.toml"
                    || reader.isFile(SourcePath.child(SourcePath.child(changelogs, $0), "pyproject.toml"))
            })
        {
            return true
        }
        if let proposals = proposalsDirectory, reader.list(proposals).contains(where: { $0.hasSuffix(".md") }) {
            return true
        }
        if let content = contentDirectory, !reader.list(content).isEmpty { return true }
        if let prose = proseDirectory, reader.isFile(SourcePath.child(prose, "targets.yaml")) { return true }
        return false
    }

    private mutating func applyConfig(reader: SourceReader, documents: YAMLDocuments, diagnostics: DiagnosticCollector)
    {
        guard let config = documents.document("specgen.yaml", reader: reader, diagnostics: diagnostics) else { return }
        guard config.pairs != nil else {
            diagnostics.emit(
                Diagnostic(
                    .invalidSetting,
                    "specgen.yaml must be a mapping of settings, not \(config.kindName)", file: "specgen.yaml",
                    at: config.location))
            return
        }
        let known = [
            "api", "events", "changelogs", "proposals", "content", "title", "variables", "spec_url", "source_url",
            "versions", "diagnostics",
        ]
        for pair in config.pairs ?? [] where !known.contains(pair.key) {
            let hint = Suggestion.nearest(to: pair.key, among: known).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.emit(
                Diagnostic(
                    .unknownSetting, "unknown setting '\(pair.key)'\(hint)", file: "specgen.yaml", at: pair.keyLocation)
            )
        }
        func folder(_ key: String) -> String?? {
            guard let value = config[key] else { return .none }
            guard let name = value.string else {
                diagnostics.emit(
                    Diagnostic(
                        .invalidSetting, "'\(key)' must be a folder name", file: "specgen.yaml", at: value.location))
                return .none
            }
            guard let path = SourcePath.normalize(name), !name.hasPrefix("/") else {
                diagnostics.emit(
                    Diagnostic(
                        .outsideRoot, "'\(key)' must be a folder inside the source root", file: "specgen.yaml",
                        at: value.location)
                )
                return .none
            }
            switch reader.kind(path) {
            case .directory: return .some(path)
            case .outsideRoot:
                diagnostics.emit(
                    Diagnostic(
                        .outsideRoot,
                        "'\(key)': '\(name)' leads out of the source root (a symbolic link?); it is not read",
                        file: "specgen.yaml", at: value.location))
            case .missing:
                diagnostics.emit(
                    Diagnostic(
                        .invalidSetting, "'\(key)': there is no folder '\(name)'", file: "specgen.yaml",
                        at: value.location))
            default:
                diagnostics.emit(
                    Diagnostic(
                        .invalidSetting, "'\(key)': '\(name)' is not a folder", file: "specgen.yaml", at: value.location
                    ))
            }
            return .some(nil)
        }
        if let value = folder("api") { apiDirectory = value }
        if let value = folder("events") { eventsDirectory = value }
        if let value = folder("changelogs") { changelogDirectory = value }
        if let value = folder("proposals") { proposalsDirectory = value }
        if let value = folder("content") { contentDirectory = value }
        if let title = config["title"]?.string { self.title = title }
        if let url = config["source_url"]?.string { sourceURL = url.hasSuffix("/") ? url : url + "/" }
        if let url = config["spec_url"]?.string { specURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        if let pattern = config["versions"]?.string { versionPattern = pattern }
        if let policy = config["diagnostics"] {
            diagnosticPolicy = Self.policy(policy, diagnostics: diagnostics)
        }
        for pair in config["variables"]?.pairs ?? [] {
            if let value = pair.value.string {
                variables.values[pair.key] = value
            } else {
                diagnostics.emit(
                    Diagnostic(
                        .invalidSetting, "variable '\(pair.key)' must be a string", file: "specgen.yaml",
                        at: pair.value.location))
            }
        }
    }

    /// `diagnostics: {ignore: [broken-link], error: [example-mismatch]}`.
    private static func policy(_ node: YAMLNode, diagnostics: DiagnosticCollector) -> DiagnosticPolicy {
        var policy = DiagnosticPolicy()
        guard let pairs = node.pairs else {
            diagnostics.emit(
                Diagnostic(
                    .invalidSetting, "'diagnostics' must map ignore, warn and error to lists of diagnostic ids",
                    file: "specgen.yaml", at: node.location))
            return policy
        }
        let changes = DiagnosticPolicy.Change.allCases.map(\.rawValue)
        for pair in pairs {
            guard let change = DiagnosticPolicy.Change(rawValue: pair.key) else {
                let hint = Suggestion.nearest(to: pair.key, among: changes).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.emit(
                    Diagnostic(
                        .unknownSetting, "unknown setting 'diagnostics.\(pair.key)'\(hint)", file: "specgen.yaml",
                        at: pair.keyLocation))
                continue
            }
            let items = pair.value.items ?? [pair.value]
            for item in items {
                guard let name = item.string else {
                    diagnostics.emit(
                        Diagnostic(
                            .invalidSetting, "'diagnostics.\(pair.key)' must list diagnostic ids",
                            file: "specgen.yaml", at: item.location))
                    continue
                }
                switch DiagnosticPolicy.id(named: name) {
                case .success(let id): policy.set(change, for: id)
                case .failure(let unknown):
                    diagnostics.emit(
                        Diagnostic(.invalidSetting, unknown.message, file: "specgen.yaml", at: item.location))
                }
            }
        }
        return policy
    }
}
