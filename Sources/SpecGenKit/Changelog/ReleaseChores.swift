/// The release chores the spec's CI and its editors do by hand: the release notes that
/// `create_release` cuts from a released changelog, and a new newsfragment (`towncrier create`).
package enum ReleaseChores {
    /// The notes of a released version: `content/changelog/<version>.md` without its front matter,
    /// as `sed '1,/^---$/d'` cuts them in the spec's workflow.
    /// - Throws: a ``Diagnostic`` when the tree has no such release.
    package static func notes(root: String, version: String) throws(Diagnostic) -> String {
        let path = "content/changelog/\(version).md"
        let reader = SourceReader(inputs: SourceInputs(fileSystem: DiskFileSystem(root: root)))
        guard reader.isFile(path) else {
            throw Diagnostic(.unreadableFile, "there is no released changelog \(path) for \(version)", file: path)
        }
        let text: String
        switch reader.text(path) {
        case .failure(let diagnostic): throw diagnostic
        case .success(let value): text = value
        }
        let diagnostics = DiagnosticCollector()
        let (_, body) = FrontMatterReader.read(text, file: path, diagnostics: diagnostics)
        if let error = diagnostics.diagnostics.first(where: { $0.severity == .error }) { throw error }
        return String(decoding: text.utf8.dropFirst(body.offset), as: UTF8.self)
    }

    /// Why a fragment name cannot be made, checked against the tree's towncrier configuration:
    /// `1234.new` needs a number (or towncrier's `+` for an orphan) and a type the config lists.
    package struct FragmentName: Sendable {
        package var issue: String
        package var type: String

        /// - Throws: the reason, for a usage error.
        package init(_ name: String) throws(Problem) {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Problem("'\(name)' is not NUMBER.TYPE, such as 1234.new")
            }
            guard parts[0] == "+" || parts[0].allSatisfy(\.isASCII) && parts[0].allSatisfy(\.isNumber) else {
                throw Problem("'\(parts[0])' is not an issue or pull request number")
            }
            issue = String(parts[0])
            type = String(parts[1])
        }
    }

    package struct Problem: Error, Sendable {
        package var message: String
        init(_ message: String) { self.message = message }
    }

    /// Where a new fragment goes: the folder of the API's (or section's) fragments, after the
    /// type is checked against the config.
    /// - Parameter api: the matrix-doc API folder or matrix-spec section (`client_server`);
    ///   needed when the tree has more than one.
    /// - Throws: a ``Problem`` for a usage error (unknown type or API), a ``Diagnostic`` for a tree
    ///   whose configuration cannot be read.
    package static func fragmentPath(root: String, name: FragmentName, api: String?) throws -> String {
        let reader = SourceReader(inputs: SourceInputs(fileSystem: DiskFileSystem(root: root)))
        guard let layout = ChangelogLayout.find(reader: reader, changelogDirectory: nil) else {
            throw Diagnostic(
                .changelogConfig,
                "no towncrier configuration found (changelogs/pyproject.toml or changelogs/<api>/pyproject.toml)",
                file: "")
        }
        struct Choice {
            var api: String
            var config: TowncrierConfig
            var section: (name: String, path: String)?
        }
        var choices: [Choice] = []
        for (api, path) in layout.configs {
            let text: String
            switch reader.text(path) {
            case .failure(let diagnostic): throw diagnostic
            case .success(let value): text = value
            }
            let config = try TowncrierConfig.read(text, path: path)
            if config.sections.isEmpty {
                choices.append(Choice(api: api, config: config, section: nil))
            } else {
                choices += config.sections.map { Choice(api: SourcePath.name($0.path), config: config, section: $0) }
            }
        }
        let names = choices.map(\.api)
        let chosen: Choice
        if let api {
            guard let match = choices.first(where: { $0.api == api }) else {
                throw Problem("--api '\(api)' is not one of: \(names.joined(separator: ", "))")
            }
            chosen = match
        } else {
            guard choices.count == 1 else {
                throw Problem(
                    "the tree has several changelogs; choose one with --api: \(names.joined(separator: ", "))")
            }
            chosen = choices[0]
        }
        let types = chosen.config.types.map(\.directory)
        guard types.contains(name.type) else {
            throw Problem(
                "'\(name.type)' is not a fragment type of \(chosen.config.path): \(types.joined(separator: ", "))")
        }
        let folder: String?
        if let section = chosen.section {
            folder = chosen.config.fragmentFolder(for: section)
        } else {
            folder = SourcePath.join(chosen.config.folder, chosen.config.directory ?? "newsfragments")
        }
        guard let folder else {
            throw Diagnostic(.outsideRoot, "the fragment folder leaves the source root", file: chosen.config.path)
        }
        return SourcePath.child(folder, "\(name.issue).\(name.type)")
    }

    /// Writes a fragment inside the root, never over one that exists.
    /// - Throws: a ``Diagnostic`` when it exists or cannot be written.
    package static func create(root: String, path: String, text: String) throws(Diagnostic) {
        let files = RootFiles(root: DiskFileSystem.canonical(root))
        guard !files.exists(path) else {
            throw Diagnostic(.output, "the fragment exists already; edit it instead", file: path)
        }
        do {
            try files.write(Array(text.utf8), to: path)
        } catch {
            throw Diagnostic(.output, "cannot write the fragment: \(error.message)", file: path)
        }
    }
}
