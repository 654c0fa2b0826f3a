/// Builds the spec's changelogs: each API's unreleased fragments, and every released changelog
/// the tree has.
struct ChangelogLoader {
    let context: LoadContext
    let layout: SpecLayout

    /// Adds the changelogs' files to the pass; what it returns gives the changelogs once the pass has run.
    func load(in pass: ParallelPass) -> () -> Changelogs {
        let reader = context.reader
        var configs: [ParallelPass.Result<Loaded?>] = []
        if let found = ChangelogLayout.find(reader: reader, changelogDirectory: layout.changelogDirectory) {
            configs = pass.map(found.configs, cost: { _ in 0 }) { [context] api, path in
                context.part("changelog:" + path, compute: { loadConfig(api: api, path: path, context: $0) })
            }
        } else if layout.kind == .matrixDoc, let folder = layout.changelogDirectory {
            // Before towncrier (matrix-doc until late 2018), each API's changelog was written by hand.
            let names = reader.list(folder).filter { name in
                guard name.hasSuffix(".rst"), !name.hasPrefix(".") else { return false }
                guard reader.isDirectory(SourcePath.child(folder, name)) else { return true }
                context.diagnostics.emit(
                    Diagnostic(
                        .folderNamedLikeAFile, "'\(name)' is a folder, not a changelog; it is not read",
                        file: SourcePath.child(folder, name)))
                return false
            }
            configs = pass.map(names, cost: { reader.size(SourcePath.child(folder, $0)) }) { [context] name in
                let path = SourcePath.child(folder, name)
                return context.part(
                    "changelog-rst:" + path,
                    compute: { loadHandWritten(api: String(name.dropLast(4)), path: path, context: $0) })
            }
        }
        var releases: [ParallelPass.Result<ChangelogRelease?>] = []
        if let content = layout.contentDirectory {
            let folder = SourcePath.child(content, "changelog")
            let pages = reader.list(folder).filter { name in
                name.hasSuffix(".md") && ChangelogHistoryReader.isVersion(String(name.dropLast(3)))
            }
            releases = pass.map(pages, cost: { reader.size(SourcePath.child(folder, $0)) }) {
                [context] name -> ChangelogRelease? in
                let path = SourcePath.child(folder, name)
                return context.part("release:" + path) { context -> ChangelogRelease? in
                    guard let text = context.text(path) else { return nil }
                    let (release, problems) = ChangelogHistoryReader.release(fromMarkdownPage: text, file: path)
                    report(problems, in: path, context: context)
                    return release
                }
            }
        }
        var histories: [ParallelPass.Result<Changelogs.APIHistory?>] = []
        if let changelogDirectory = layout.changelogDirectory {
            let legacy = SourcePath.child(changelogDirectory, "legacy")
            let names = reader.list(legacy).filter { $0.hasSuffix(".rst") }
            histories = pass.map(names, cost: { reader.size(SourcePath.child(legacy, $0)) }) {
                [context] name -> Changelogs.APIHistory? in
                let path = SourcePath.child(legacy, name)
                let api = String(name.dropLast(4))
                let releases = context.part(
                    "legacy:" + path,
                    compute: { context -> [ChangelogRelease]? in
                        guard let text = context.text(path) else { return nil }
                        let (releases, problems) = ChangelogHistoryReader.releases(fromRST: text, file: path)
                        report(problems, in: path, context: context)
                        return releases
                    })
                return releases.map {
                    Changelogs.APIHistory(
                        name: api, title: ChangelogLayout.title(for: api), releases: $0, isLegacy: true)
                }
            }
        }
        return {
            var changelogs = Changelogs()
            for loaded in configs.values().compactMap({ $0 }) {
                changelogs.unreleased += loaded.unreleased
                if let history = loaded.history { changelogs.histories.append(history) }
            }
            changelogs.releases = releases.values().compactMap { $0 }.sorted {
                ChangelogHistoryReader.newestFirst($0.version, $1.version)
            }
            changelogs.histories += histories.values().compactMap { $0 }
            return changelogs
        }
    }

    private struct Loaded: Sendable {
        var unreleased: [UnreleasedChanges]
        var history: Changelogs.APIHistory?
    }

    private func report(_ problems: [ChangelogHistoryReader.Problem], in path: String, context: LoadContext) {
        for problem in problems {
            context.diagnostics.emit(
                Diagnostic(
                    .changelogHistory, problem.message, file: path, at: SourceLocation(line: problem.line, column: 1)))
        }
    }

    /// A changelog written by hand: its releases, and its first section as the unreleased changes
    /// when that is not a release ("Unreleased changes") and holds only entries.
    private func loadHandWritten(api: String, path: String, context: LoadContext) -> Loaded? {
        // A file that cannot be read (a link out of the root, not UTF-8) is reported, not skipped.
        guard let text = context.text(path) else { return nil }
        var (releases, problems) = ChangelogHistoryReader.releases(fromRST: text, file: path)
        report(problems, in: path, context: context)
        var categories: [ChangelogCategory] = []
        if let first = releases.first, !ChangelogHistoryReader.isVersion(first.version),
            first.sections.allSatisfy({ $0.notes.isEmpty })
        {
            categories = first.sections.flatMap(\.categories)
            releases.removeFirst()
        }
        let title = ChangelogLayout.title(for: api)
        return Loaded(
            unreleased: [
                UnreleasedChanges(
                    name: api, title: title, markup: .rst, categories: categories, config: path, isHandWritten: true)
            ],
            history: Changelogs.APIHistory(name: api, title: title, releases: releases, isLegacy: false))
    }

    private func loadConfig(api: String, path: String, context: LoadContext) -> Loaded? {
        let config: TowncrierConfig
        do throws(Diagnostic) {
            switch context.reader.text(path) {
            case .failure(let diagnostic): throw diagnostic
            case .success(let text): config = try TowncrierConfig.read(text, path: path)
            }
        } catch {
            context.diagnostics.emit(error)
            return nil
        }
        let fragmentReader = FragmentReader(reader: context.reader, diagnostics: context.diagnostics, config: config)
        let fragments = fragmentReader.fragments(check: true)
        var template: String?
        if let name = config.template, let templatePath = SourcePath.join(config.folder, name),
            case .success(let text) = context.reader.text(templatePath)
        {
            template = text
        }
        let issueURL = Self.issueURL(config: config, template: template)
        func linked(_ categories: [ChangelogCategory]) -> [ChangelogCategory] {
            categories.map { category in
                var category = category
                for index in category.entries.indices {
                    category.entries[index].issues = category.entries[index].issues.map { issue in
                        ChangelogIssue(id: issue.id, url: issueURL?.replacingOccurrences(of: "{issue}", with: issue.id))
                    }
                }
                return category
            }
        }
        let markup: ChangelogMarkup = config.writesMarkdown ? .markdown : .rst
        let unreleased = config.sections.map { section in
            let name = api.isEmpty ? section.path : api
            return UnreleasedChanges(
                name: name, title: section.name.isEmpty ? ChangelogLayout.title(for: name) : section.name,
                markup: markup,
                categories: linked(fragmentReader.categories(of: fragments, section: section.name)), config: path)
        }
        var history: Changelogs.APIHistory?
        if !config.writesMarkdown {
            guard let file = SourcePath.join(config.folder, config.filename) else {
                context.diagnostics.emit(
                    Diagnostic(
                        .outsideRoot, "'filename' leaves the source root", file: path,
                        at: config.location(of: "filename")))
                return Loaded(unreleased: unreleased, history: nil)
            }
            switch context.reader.text(file) {
            case .success(let text):
                let (releases, problems) = ChangelogHistoryReader.releases(fromRST: text, file: file)
                report(problems, in: file, context: context)
                history = Changelogs.APIHistory(
                    name: api, title: ChangelogLayout.title(for: api), releases: releases, isLegacy: false)
            case .failure(let diagnostic):
                if context.reader.kind(file) != .missing { context.diagnostics.emit(diagnostic) }
                history = Changelogs.APIHistory(
                    name: api, title: ChangelogLayout.title(for: api), releases: [], isLegacy: false)
            }
        }
        return Loaded(unreleased: unreleased, history: history)
    }

    /// The link of an issue, with `{issue}` for its number: from the config's `issue_format` (RST
    /// `` `#{issue} <https://…/{issue}>`_ ``) or from the template (`(https://…/{{issue|trim('#')}})`).
    static func issueURL(config: TowncrierConfig, template: String?) -> String? {
        if let format = config.issueFormat, let open = format.range(of: "<"),
            let close = format.range(of: ">", range: open.upperBound..<format.endIndex)
        {
            return String(format[open.upperBound..<close.lowerBound])
        }
        guard let template else { return nil }
        for marker in ["{{issue|trim('#')}}", "{{ issue|trim('#') }}", "{{ issue | trim('#') }}"] {
            guard let range = template.range(of: marker) else { continue }
            let before = template[..<range.lowerBound]
            guard let open = before.lastIndex(of: "(") else { continue }
            return String(before[before.index(after: open)...]) + "{issue}"
        }
        return nil
    }
}
