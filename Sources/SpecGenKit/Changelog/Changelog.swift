/// A fragment type from towncrier's `[[tool.towncrier.type]]`.
public struct FragmentType: Sendable, Hashable {
    /// The name in fragment file names: `new` in `2282.new`.
    public var directory: String
    /// The heading: `New Endpoints`.
    public var name: String
    public var showContent: Bool
}

/// towncrier's `[tool.towncrier]` table, with towncrier's defaults for what it leaves out.
public struct TowncrierConfig: Sendable {
    /// The `pyproject.toml` it was read from, absolute.
    public var path: String
    public var filename: String
    /// The fragment folder, relative to the config's folder, when the config names one.
    public var directory: String?
    public var template: String?
    public var issueFormat: String?
    public var titleFormat: String?
    public var startString: String
    public var underlines: [String]
    public var types: [FragmentType]
    /// Section name and path; one unnamed section when the config has none.
    public var sections: [(name: String, path: String)]
    public var orphanPrefix: String

    public static let defaultTypes = [
        FragmentType(directory: "feature", name: "Features", showContent: true),
        FragmentType(directory: "bugfix", name: "Bugfixes", showContent: true),
        FragmentType(directory: "doc", name: "Improved Documentation", showContent: true),
        FragmentType(directory: "removal", name: "Deprecations and Removals", showContent: true),
        FragmentType(directory: "misc", name: "Misc", showContent: false),
    ]

    public var folder: String { SourceTree.parentDirectory(path) }

    /// The folder holding a section's fragments.
    public func fragmentFolder(for section: (name: String, path: String)) -> String {
        if let directory { return SourceTree.normalize(folder + "/" + directory + "/" + section.path) }
        return SourceTree.normalize(folder + "/" + section.path + "/newsfragments")
    }

    /// Whether the release is a Markdown page (matrix-spec's `template.md.jinja`) rather than RST.
    public var writesMarkdown: Bool {
        guard let template else { return false }
        return template.hasSuffix(".md.jinja") || template.hasSuffix(".md") || template.hasSuffix(".md.j2")
    }
}

/// One issue an entry refers to, with its link when known.
public struct ChangelogIssue: Sendable, Hashable {
    public var id: String
    public var url: String?
}

/// One line of a changelog: fragments with the same text merge into one entry.
public struct ChangelogEntry: Sendable {
    /// The text as written: RST in matrix-doc, Markdown in matrix-spec.
    public var text: String
    public var issues: [ChangelogIssue]
    /// The fragment files it came from (unreleased entries only), relative to the root.
    public var fragments: [String]
}

public struct ChangelogCategory: Sendable {
    /// The heading (`New Endpoints`); empty for text outside any category.
    public var title: String
    public var entries: [ChangelogEntry]
}

public struct ChangelogSection: Sendable {
    /// Empty for a config with no sections.
    public var name: String
    public var categories: [ChangelogCategory]
}

/// A release, or the unreleased changes.
public struct ChangelogRelease: Sendable {
    public var version: String
    public var date: String?
    public var sections: [ChangelogSection]
}

/// The changelog of one API, as the site shows it.
public struct ChangelogHistory: Sendable {
    /// The folder or section name: `client_server`.
    public var name: String
    public var title: String
    /// The markup of entry texts.
    public var isMarkdown: Bool
    public var unreleased: [ChangelogCategory]
    public var releases: [ChangelogRelease]
}
