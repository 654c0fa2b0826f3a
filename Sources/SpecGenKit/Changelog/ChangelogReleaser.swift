import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `specgen changelog`: renders the unreleased fragments as a release with the tree's own
/// template, writes the changelog atomically, and only then removes the fragments it used.
///
/// Everything it reads, writes or removes lies inside the source root, symbolic links included:
/// a configuration that points elsewhere is an error and nothing is touched.
package struct ChangelogReleaser {
    package var root: String
    package var api: String?
    package var version: String
    /// `YYYY-MM-DD`.
    package var date: String
    package var draft: Bool

    package init(root: String, api: String?, version: String, date: String?, draft: Bool) {
        self.root = root
        self.api = api
        self.version = version
        self.date = date ?? Self.today()
        self.draft = draft
    }

    package struct Outcome: Sendable {
        package var diagnostics: [Diagnostic]
        /// What the release adds (the draft), or what it wrote.
        package var text: String?
        package var writtenFile: String?
        package var removedFragments: [String]
        /// True when an interrupted release was found and completed.
        package var finishedInterrupted = false
        package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Why a version name cannot be a release: it must be a plain name, not a path.
    package static func problem(withVersion version: String) -> String? {
        if version.isEmpty { return "the version is empty" }
        if version.contains("/") || version.contains("\\") { return "the version must not contain '/'" }
        if version.contains("..") { return "the version must not contain '..'" }
        if version.hasPrefix(".") { return "the version must not start with '.'" }
        if version.contains(where: { $0.isNewline || $0 == "\0" || $0.isWhitespace }) {
            return "the version must not contain spaces or line breaks"
        }
        return nil
    }

    /// Why a date cannot be the release's date: it must be `YYYY-MM-DD`.
    package static func problem(withDate date: String) -> String? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year > 1900,
            (1...12).contains(month),
            (1...31).contains(day)
        else { return "the date must be YYYY-MM-DD, such as 2024-10-07" }
        return nil
    }

    package func run() -> Outcome {
        let diagnostics = DiagnosticCollector()
        let fileSystem = DiskFileSystem(root: root)
        let reader = SourceReader(inputs: SourceInputs(fileSystem: fileSystem))
        func fail(_ diagnostic: Diagnostic) -> Outcome {
            diagnostics.emit(diagnostic)
            return Outcome(diagnostics: diagnostics.diagnostics, text: nil, writtenFile: nil, removedFragments: [])
        }
        if let problem = Self.problem(withVersion: version) { return fail(Diagnostic(.release, problem, file: "")) }
        guard let layout = ChangelogLayout.find(reader: reader, changelogDirectory: nil) else {
            return fail(
                Diagnostic(
                    .changelogConfig,
                    "no towncrier configuration (changelogs/pyproject.toml or changelogs/<api>/pyproject.toml)",
                    file: ""))
        }
        let chosen: (api: String, path: String)
        if layout.isSectioned {
            if let api {
                return fail(
                    Diagnostic(
                        .changelogConfig,
                        "--api \(api): this tree has one configuration with sections; leave --api out",
                        file: layout.configs[0].path))
            }
            chosen = layout.configs[0]
        } else if let api {
            guard let match = layout.configs.first(where: { $0.api == api }) else {
                let names = layout.configs.map(\.api).joined(separator: ", ")
                return fail(
                    Diagnostic(
                        .changelogConfig,
                        "no changelog configuration for --api \(api); the APIs are \(names)", file: layout.changelogs))
            }
            chosen = match
        } else if layout.configs.count == 1 {
            chosen = layout.configs[0]
        } else {
            let names = layout.configs.map(\.api).joined(separator: ", ")
            return fail(Diagnostic(.changelogConfig, "choose an API with --api: \(names)", file: layout.changelogs))
        }

        let config: TowncrierConfig
        do throws(Diagnostic) {
            switch reader.text(chosen.path) {
            case .failure(let diagnostic): throw diagnostic
            case .success(let text): config = try TowncrierConfig.read(text, path: chosen.path)
            }
        } catch {
            return fail(error)
        }
        let fragmentReader = FragmentReader(reader: reader, diagnostics: diagnostics, config: config)
        let fragments = fragmentReader.fragments(check: true)
        guard !diagnostics.hasErrors else {
            return Outcome(diagnostics: diagnostics.diagnostics, text: nil, writtenFile: nil, removedFragments: [])
        }
        let writer = TowncrierWriter(config: config)
        let body: String
        switch Self.render(fragments, reader: fragmentReader, config: config, version: version, date: date) {
        case .success(let rendered): body = rendered
        case .failure(let error): return fail(error)
        }

        let path: String
        let text: String
        let file: String
        if config.writesMarkdown {
            var header = ""
            if let headerPath = SourcePath.join(config.folder, "header.md"),
                case .success(let value) = reader.text(headerPath)
            {
                header = value.replacingOccurrences(of: "VERSION", with: version)
                    .replacingOccurrences(of: "DATE", with: ChangelogHistoryReader.displayDate(date))
            }
            text = header + body
            let folder = SourcePath.child(Self.contentFolder(reader), "changelog")
            path = SourcePath.child(folder, version + ".md")
            file = frontMatter(reader: reader, folder: folder) + text
        } else {
            text = writer.titleLine(version: version, date: date) + body
            guard let target = SourcePath.join(config.folder, config.filename) else {
                return fail(
                    Diagnostic(
                        .outsideRoot, "'filename' leaves the source root", file: config.path,
                        at: config.location(of: "filename")))
            }
            path = target
            let existing: String
            var endsLinesAsWindows = false
            switch reader.read(path) {
            case .success(let bytes):
                existing = String(decoding: SourceReader.plainText(bytes), as: UTF8.self)
                // As its first line ends.
                if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")), newline > 0 {
                    endsLinesAsWindows = bytes[newline - 1] == UInt8(ascii: "\r")
                }
            case .failure(.missing): existing = ""
            case .failure(let error):
                return fail(
                    Diagnostic(
                        .unreadableFile,
                        "the changelog '\(path)': \(error.message)", file: config.path,
                        at: config.location(of: "filename")))
            }
            // The release is written with the line ends the changelog has (a Windows checkout's `\r\n`).
            let prepended = writer.prepending(text, to: existing)
            file = endsLinesAsWindows ? prepended.replacingBytes("\n", with: "\r\n") : prepended
        }
        switch reader.kind(path) {
        case .outsideRoot:
            return fail(
                Diagnostic(
                    .outsideRoot,
                    "the changelog '\(path)' lies outside the source root (a symbolic link?)", file: config.path,
                    at: config.location(of: "filename")))
        case .directory:
            return fail(
                Diagnostic(.output, "'\(path)' is a folder, so the changelog cannot be written there", file: path))
        case .special, .badName:
            return fail(
                Diagnostic(.unreadableFile, SourceFileError(listedEntry: reader.kind(path))!.message, file: path))
        case .file, .missing:
            break
        }
        if let done = alreadyReleased(path: path, body: body, config: config, reader: reader) {
            guard done, !fragments.isEmpty else {
                return fail(Diagnostic(.release, "version \(version) is already released in \(path)", file: path))
            }
            // The changelog was written but the fragments were not all removed: finish the job.
            if draft {
                return Outcome(diagnostics: diagnostics.diagnostics, text: text, writtenFile: nil, removedFragments: [])
            }
            let removed = remove(fragments.map(\.path), alsoStaging: path, diagnostics: diagnostics)
            var outcome = Outcome(
                diagnostics: diagnostics.diagnostics, text: text, writtenFile: nil, removedFragments: removed)
            outcome.finishedInterrupted = true
            return outcome
        }
        if draft {
            return Outcome(diagnostics: diagnostics.diagnostics, text: text, writtenFile: nil, removedFragments: [])
        }
        do {
            try RootFiles(root: fileSystem.root).write(Array(file.utf8), to: path)
        } catch {
            return fail(
                Diagnostic(.output, "cannot write the changelog; no fragment was removed: \(error.message)", file: path)
            )
        }
        let removed = remove(fragments.map(\.path), alsoStaging: path, diagnostics: diagnostics)
        return Outcome(diagnostics: diagnostics.diagnostics, text: text, writtenFile: path, removedFragments: removed)
    }

    /// What a release adds, from its fragments, with the tree's template or towncrier's default one.
    static func render(
        _ fragments: [Fragment], reader fragmentReader: FragmentReader, config: TowncrierConfig, version: String,
        date: String
    ) -> Result<String, Diagnostic> {
        let reader = fragmentReader.reader
        let sections = config.sections.map {
            ChangelogSection(name: $0.name, categories: fragmentReader.categories(of: fragments, section: $0.name))
        }
        let writer = TowncrierWriter(config: config)
        guard let name = config.template else { return .success(writer.defaultTemplate(sections)) }
        guard let path = SourcePath.join(config.folder, name), reader.kind(path) != .outsideRoot else {
            return .failure(
                Diagnostic(
                    .outsideRoot, "the template '\(name)' lies outside the source root", file: config.path,
                    at: config.location(of: "template")))
        }
        switch reader.text(path) {
        case .failure(let diagnostic):
            return .failure(
                Diagnostic(
                    .templateError, "the template '\(name)': \(diagnostic.message)", file: config.path,
                    at: config.location(of: "template")))
        case .success(let source):
            do {
                return .success(
                    try writer.render(
                        JinjaTemplate(source, file: path), sections: sections, version: version, date: date))
            } catch {
                return .failure(error)
            }
        }
    }

    /// `nil` when the version is not in the changelog yet; true when it is there exactly as this
    /// release would write it (an interrupted release), false when it is there otherwise.
    private func alreadyReleased(path: String, body: String, config: TowncrierConfig, reader: SourceReader) -> Bool? {
        guard case .success(let existing) = reader.text(path) else { return nil }
        if config.writesMarkdown { return existing.contains(TowncrierWriter.rstrip(body)) }
        let title = TowncrierWriter(config: config).titleLine(version: version, date: date)
        guard existing.hasPrefix(title) || existing.contains("\n" + title) else { return nil }
        return existing.contains(TowncrierWriter.rstrip(body))
    }

    /// The content folder of a matrix-spec tree.
    private static func contentFolder(_ reader: SourceReader) -> String { "content" }

    /// The front matter of the tree's newest release page, with this release's values.
    private func frontMatter(reader: SourceReader, folder: String) -> String {
        let pages = reader.list(folder).filter {
            $0.hasSuffix(".md") && ChangelogHistoryReader.isVersion(String($0.dropLast(3)))
        }
        .sorted { ChangelogHistoryReader.newestFirst(String($0.dropLast(3)), String($1.dropLast(3))) }
        guard let newest = pages.first, case .success(let text) = reader.text(SourcePath.child(folder, newest)),
            text.hasPrefix("---\n"),
            let end = text.dropFirst(4).range(of: "\n---\n")
        else {
            return
                "---\ntitle: \(version) Changelog\nlinkTitle: \(version)\ntype: docs\nlayout: changelog\ndate: \(date)\n---\n"
        }
        let previous = String(newest.dropLast(3))
        var lines: [String] = []
        for line in text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound].split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.hasPrefix("date:") {
                let old = line.dropFirst(5).trimming(" ")
                lines.append("date: " + (old.count > 10 ? date + "T00:00:00Z" : date))
            } else if line.hasPrefix("title:") || line.hasPrefix("linkTitle:") {
                lines.append(line.replacingOccurrences(of: previous, with: version))
            } else {
                lines.append(String(line))
            }
        }
        return "---\n" + lines.joined(separator: "\n") + "\n---\n"
    }

    /// Removes the fragments from the disk, then their tracked ones from git's index in one
    /// `git update-index` (a `git rm` per few hundred paths rewrites the index each time, which a
    /// release of many fragments makes quadratic); the changelog is staged too. Returns the
    /// fragments that are really gone.
    private func remove(_ files: [String], alsoStaging changelog: String, diagnostics: DiagnosticCollector) -> [String]
    {
        guard !files.isEmpty else { return [] }
        let root = DiskFileSystem.canonical(self.root)
        let disk = RootFiles(root: root)
        var removed: [String] = []
        for path in files {
            if disk.exists(path) {
                do {
                    try disk.remove(path)
                } catch {
                    diagnostics.emit(Diagnostic(.output, "cannot remove the fragment: \(error.message)", file: path))
                    continue
                }
            }
            removed.append(path)
        }
        guard Subprocess.git(["rev-parse", "--is-inside-work-tree"], in: root) == "true" else { return removed }
        let tracked = Set(
            (Subprocess.runData(["git", "-C", root, "ls-files", "-z"]) ?? Data()).split(separator: 0).map {
                String(decoding: $0, as: UTF8.self)
            })
        let paths = removed.filter(tracked.contains)
        if !paths.isEmpty {
            let list = Array(paths.joined(separator: "\0").utf8) + [0]
            if !Subprocess.run(
                ["git", "-C", root, "update-index", "--remove", "-z", "--stdin"], input: list, consume: { _ in })
            {
                diagnostics.emit(
                    Diagnostic(
                        .output, "git update-index failed; stage the removed fragments with 'git add -u'", file: ""))
            }
        }
        _ = Subprocess.runData(["git", "-C", root, "add", "--", changelog])
        return removed
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}

/// Writes and removes files inside a root only, symbolic links resolved: a path whose folder
/// leads out of the root is refused.
struct RootFiles {
    let root: String

    /// The real folder of a root-relative path's parent, created if missing, or an error.
    private func folder(of path: String) throws(SourceFileError) -> String {
        var real = root
        for component in SourcePath.parent(path).split(separator: "/") {
            let next = real + "/" + component
            if !FileManager.default.fileExists(atPath: next) {
                guard mkdir(next, 0o755) == 0 || errno == EEXIST else {
                    throw .unreadable(String(cString: strerror(errno)))
                }
            }
            guard let resolved = realpath(next, nil) else { throw .missing }
            real = String(cString: resolved)
            free(resolved)
            guard real == root || real.hasPrefix(root + "/") else { throw .outsideRoot }
        }
        return real
    }

    func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(root + "/" + path, &info) == 0
    }

    /// Writes the file atomically: a temporary file in the same folder, renamed over the target.
    func write(_ bytes: [UInt8], to path: String) throws(SourceFileError) {
        let directory = try folder(of: path)
        let target = directory + "/" + SourcePath.name(path)
        var info = stat()
        if lstat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw .directory
            case S_IFLNK: throw .outsideRoot
            default: throw .special
            }
        }
        let temporary = directory + "/.\(SourcePath.name(path)).specgen-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0 && rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .unreadable(String(cString: strerror(failure)))
        }
    }

    /// Removes a regular file inside the root.
    func remove(_ path: String) throws(SourceFileError) {
        let directory = try folder(of: path)
        let target = directory + "/" + SourcePath.name(path)
        var info = stat()
        guard lstat(target, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw info.st_mode & S_IFMT == S_IFDIR ? .directory : .outsideRoot
        }
        guard unlink(target) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
    }
}

/// `specgen changelog check`: every fragment of every configuration, checked by towncrier's rules.
package struct ChangelogChecker {
    package var root: String

    package init(root: String) {
        self.root = root
    }

    package func run() -> [Diagnostic] {
        let diagnostics = DiagnosticCollector()
        let reader = SourceReader(inputs: SourceInputs(fileSystem: DiskFileSystem(root: root)))
        guard let layout = ChangelogLayout.find(reader: reader, changelogDirectory: nil) else {
            return [
                Diagnostic(
                    .changelogConfig,
                    "no towncrier configuration found (changelogs/pyproject.toml or changelogs/<api>/pyproject.toml)",
                    file: "")
            ]
        }
        for (_, path) in layout.configs {
            do throws(Diagnostic) {
                switch reader.text(path) {
                case .failure(let diagnostic): throw diagnostic
                case .success(let text):
                    let config = try TowncrierConfig.read(text, path: path)
                    _ = FragmentReader(reader: reader, diagnostics: diagnostics, config: config).fragments(check: true)
                }
            } catch {
                diagnostics.emit(error)
            }
        }
        return diagnostics.diagnostics
    }
}
