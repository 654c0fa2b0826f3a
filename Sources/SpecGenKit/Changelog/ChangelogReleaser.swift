import Foundation

/// `specgen changelog`: renders the unreleased fragments as a release, writes the changelog
/// atomically and only then removes the fragments it consumed.
public struct ChangelogReleaser {
    public var root: String
    public var api: String?
    public var version: String
    public var date: String
    public var draft: Bool
    /// The front matter's generation time (matrix-spec pages); fixed in tests.
    public var now: Date = Date()

    public init(root: String, api: String?, version: String, date: String?, draft: Bool) {
        self.root = root
        self.api = api
        self.version = version
        self.date = date ?? Self.isoDate(Date())
        self.draft = draft
    }

    public struct Outcome: Sendable {
        public var diagnostics: [Diagnostic]
        /// What the release adds (the draft), or what it wrote.
        public var text: String?
        public var writtenFile: String?
        public var removedFragments: [String]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public func run() -> Outcome {
        let diagnostics = DiagnosticCollector()
        let tree = SourceTree(root: root, diagnostics: diagnostics)
        func fail(_ diagnostic: Diagnostic) -> Outcome {
            diagnostics.emit(diagnostic)
            return Outcome(diagnostics: diagnostics.diagnostics, text: nil, writtenFile: nil, removedFragments: [])
        }
        guard let layout = ChangelogLayout.find(root: root, changelogDirectory: nil) else {
            return fail(.error("no towncrier configuration (changelogs/pyproject.toml or changelogs/<api>/pyproject.toml)", file: tree.displayPath(tree.root)))
        }
        let chosen: (api: String, path: String)
        if layout.isSectioned {
            if let api { return fail(.error("--api \(api): this tree has one configuration with sections; leave --api out", file: tree.displayPath(layout.configs[0].path))) }
            chosen = layout.configs[0]
        } else if let api {
            guard let match = layout.configs.first(where: { $0.api == api }) else {
                let names = layout.configs.map(\.api).joined(separator: ", ")
                return fail(.error("no changelog configuration for --api \(api); the APIs are \(names)", file: tree.displayPath(layout.changelogs)))
            }
            chosen = match
        } else if layout.configs.count == 1 {
            chosen = layout.configs[0]
        } else {
            let names = layout.configs.map(\.api).joined(separator: ", ")
            return fail(.error("choose an API with --api: \(names)", file: tree.displayPath(layout.changelogs)))
        }

        let config: TowncrierConfig
        do {
            config = try TowncrierConfigReader.read(path: chosen.path, display: tree.displayPath(chosen.path))
        } catch {
            return fail(error)
        }
        let reader = FragmentReader(tree: tree, config: config)
        let fragments = reader.fragments(check: true)
        guard !diagnostics.hasErrors else {
            return Outcome(diagnostics: diagnostics.diagnostics, text: nil, writtenFile: nil, removedFragments: [])
        }
        let sections = config.sections.map { ChangelogSection(name: $0.name, categories: reader.categories(of: fragments, section: $0.name)) }
        let writer = TowncrierWriter(config: config)

        let path: String
        let text: String
        let file: String
        if config.writesMarkdown {
            let template = config.template.flatMap { try? String(contentsOfFile: config.folder + "/" + $0, encoding: .utf8) } ?? ""
            let header = (try? String(contentsOfFile: config.folder + "/header.md", encoding: .utf8)) ?? ""
            text = header.replacingOccurrences(of: "VERSION", with: version).replacingOccurrences(of: "DATE", with: date)
                + writer.markdown(sections, issueURL: TowncrierWriter.issueURL(inTemplate: template))
            path = SourceTree.normalize(layout.root + "/content/changelog/\(version).md")
            guard !FileManager.default.fileExists(atPath: path) else {
                return fail(.error("version \(version) is already released: \(tree.displayPath(path)) exists", file: tree.displayPath(path)))
            }
            file = "---\ndate: \(Self.isoTimestamp(now))\n---\n" + text
        } else {
            text = writer.titleLine(version: version, date: date) + writer.rst(sections)
            path = SourceTree.normalize(config.folder + "/" + config.filename)
            let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let title = writer.titleLine(version: version, date: date)
            if existing.hasPrefix(title) || existing.contains("\n" + title) {
                return fail(.error("version \(version) is already in the changelog", file: tree.displayPath(path)))
            }
            file = writer.prepending(text, to: existing)
        }
        if draft {
            return Outcome(diagnostics: diagnostics.diagnostics, text: text, writtenFile: nil, removedFragments: [])
        }
        do {
            try FileManager.default.createDirectory(
                atPath: SourceTree.parentDirectory(path), withIntermediateDirectories: true)
            try Data(file.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            return fail(.error("cannot write the changelog; no fragment was removed: \(error.localizedDescription)", file: tree.displayPath(path)))
        }
        let removed = remove(fragments.map(\.absolutePath), staging: path, diagnostics: diagnostics, tree: tree)
        return Outcome(diagnostics: diagnostics.diagnostics, text: text, writtenFile: tree.displayPath(path), removedFragments: removed)
    }

    /// Removes the fragments with `git rm` in a git work tree (staging the changelog too), else deletes them.
    private func remove(_ files: [String], staging changelog: String, diagnostics: DiagnosticCollector, tree: SourceTree) -> [String] {
        guard !files.isEmpty else { return [] }
        if Subprocess.git(["rev-parse", "--is-inside-work-tree"], in: root) != nil {
            let tracked = files.filter { Subprocess.git(["ls-files", "--error-unmatch", $0], in: root) != nil }
            if !tracked.isEmpty, Subprocess.git(["rm", "--quiet"] + tracked, in: root) == nil {
                diagnostics.emit(.error("git rm failed; remove the fragments by hand", file: tree.displayPath(tree.root)))
            }
            Subprocess.git(["add", changelog], in: root)
        }
        for file in files where FileManager.default.fileExists(atPath: file) {
            do {
                try FileManager.default.removeItem(atPath: file)
            } catch {
                diagnostics.emit(.error("cannot remove the fragment: \(error.localizedDescription)", file: tree.displayPath(file)))
            }
        }
        return files.map { tree.displayPath($0) }
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func isoTimestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// `specgen changelog check`: every fragment of every configuration, checked by towncrier's rules.
public struct ChangelogChecker {
    public var root: String

    public init(root: String) {
        self.root = root
    }

    public func run() -> [Diagnostic] {
        let diagnostics = DiagnosticCollector()
        let tree = SourceTree(root: root, diagnostics: diagnostics)
        guard let layout = ChangelogLayout.find(root: root, changelogDirectory: nil) else { return [] }
        for (_, path) in layout.configs {
            do {
                let config = try TowncrierConfigReader.read(path: path, display: tree.displayPath(path))
                _ = FragmentReader(tree: tree, config: config).fragments(check: true)
            } catch {
                diagnostics.emit(error)
            }
        }
        return diagnostics.diagnostics
    }
}
