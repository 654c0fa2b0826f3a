/// One issue an entry refers to, with its link when known.
public struct ChangelogIssue: Sendable, Hashable {
    public var id: String
    public var url: String?
}

/// The markup a changelog's texts are written in.
public enum ChangelogMarkup: Sendable {
    /// towncrier's RST: matrix-doc's `changelogs/<api>.rst` and matrix-spec's `changelogs/legacy/`.
    case rst
    /// matrix-spec's Markdown release pages and fragments.
    case markdown
}

/// One line of a changelog: fragments with the same text merge into one entry.
public struct ChangelogEntry: Sendable {
    public var text: SourceText
    public var issues: [ChangelogIssue]
    /// The fragment files it came from (unreleased entries only), root-relative.
    public var fragments: [String]
}

public struct ChangelogCategory: Sendable {
    /// The heading (`New Endpoints`); empty for text outside any category.
    public var title: String
    public var entries: [ChangelogEntry]
}

public struct ChangelogSection: Sendable {
    /// The API it is about (`Client-Server API`); empty for a config with no sections.
    public var name: String
    public var categories: [ChangelogCategory]
    /// Free text of the section that is not a list of entries ("No significant changes.").
    public var notes: [String] = []
}

/// A release, as a changelog file records it.
public struct ChangelogRelease: Sendable {
    public var version: String
    /// The date as the release states it.
    public var date: String?
    public var sections: [ChangelogSection]
    /// The file it was read from, root-relative, and where the release starts in it.
    public var file: String
    public var location: SourceLocation
    public var markup: ChangelogMarkup
}

/// The changes of one API that are not released yet, from its newsfragments.
public struct UnreleasedChanges: Sendable {
    /// The changelog folder or section path: `client_server`.
    public var name: String
    public var title: String
    public var markup: ChangelogMarkup
    public var categories: [ChangelogCategory]
    /// The towncrier configuration it was read with, root-relative.
    public var config: String
}

/// Every changelog of the spec.
public struct Changelogs: Sendable {
    /// Each API's unreleased changes, in the configuration's order.
    public var unreleased: [UnreleasedChanges] = []
    /// Releases of the whole spec (matrix-spec's `content/changelog/v1.x.md`), newest first.
    public var releases: [ChangelogRelease] = []
    /// Per-API histories: matrix-doc's `changelogs/<api>.rst`, and matrix-spec's `changelogs/legacy/<api>.rst`.
    public var histories: [APIHistory] = []

    public struct APIHistory: Sendable {
        /// `client_server`.
        public var name: String
        public var title: String
        /// Newest first.
        public var releases: [ChangelogRelease]
        /// True for matrix-spec's legacy histories, from before versions covered the whole spec.
        public var isLegacy: Bool
    }

    public static let empty = Changelogs()

    public var isEmpty: Bool { unreleased.isEmpty && releases.isEmpty && histories.isEmpty }
}
