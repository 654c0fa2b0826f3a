/// One issue an entry refers to, with its link when known.
package struct ChangelogIssue: Sendable, Hashable {
    package var id: String
    package var url: String?
}

/// The markup a changelog's texts are written in.
package enum ChangelogMarkup: Sendable {
    /// towncrier's RST: matrix-doc's `changelogs/<api>.rst` and matrix-spec's `changelogs/legacy/`.
    case rst
    /// matrix-spec's Markdown release pages and fragments.
    case markdown
}

/// One line of a changelog: fragments with the same text merge into one entry.
package struct ChangelogEntry: Sendable {
    package var text: SourceText
    package var issues: [ChangelogIssue]
    /// The fragment files it came from (unreleased entries only), root-relative.
    package var fragments: [String]
}

package struct ChangelogCategory: Sendable {
    /// The heading (`New Endpoints`); empty for text outside any category.
    package var title: String
    package var entries: [ChangelogEntry]
}

package struct ChangelogSection: Sendable {
    /// The API it is about (`Client-Server API`); empty for a config with no sections.
    package var name: String
    package var categories: [ChangelogCategory]
    /// Free text of the section that is not a list of entries ("No significant changes.").
    package var notes: [String] = []
}

/// A release, as a changelog file records it.
package struct ChangelogRelease: Sendable {
    package var version: String
    /// The date as the release states it.
    package var date: String?
    package var sections: [ChangelogSection]
    /// The file it was read from, root-relative, and where the release starts in it.
    package var file: String
    package var location: SourceLocation
    package var markup: ChangelogMarkup
}

/// The changes of one API that are not released yet, from its newsfragments.
package struct UnreleasedChanges: Sendable {
    /// The changelog folder or section path: `client_server`.
    package var name: String
    package var title: String
    package var markup: ChangelogMarkup
    package var categories: [ChangelogCategory]
    /// The towncrier configuration it was read with, root-relative; or the changelog itself when
    /// it was written by hand, before towncrier.
    package var config: String
    package var isHandWritten = false

    /// What a list of unreleased changes says it is.
    static func lead(of changes: [UnreleasedChanges]) -> String {
        changes.allSatisfy(\.isHandWritten)
            ? "What the next release adds, as the changelog lists it."
            : "What the next release adds, from the newsfragments not yet released."
    }
}

/// Every changelog of the spec.
package struct Changelogs: Sendable {
    /// Each API's unreleased changes, in the configuration's order.
    package var unreleased: [UnreleasedChanges] = []
    /// Releases of the whole spec (matrix-spec's `content/changelog/v1.x.md`), newest first.
    package var releases: [ChangelogRelease] = []
    /// Per-API histories: matrix-doc's `changelogs/<api>.rst`, and matrix-spec's `changelogs/legacy/<api>.rst`.
    package var histories: [APIHistory] = []

    package struct APIHistory: Sendable {
        /// `client_server`.
        package var name: String
        package var title: String
        /// Newest first.
        package var releases: [ChangelogRelease]
        /// True for matrix-spec's legacy histories, from before versions covered the whole spec.
        package var isLegacy: Bool
    }

    package static let empty = Changelogs()

    package var isEmpty: Bool { unreleased.isEmpty && releases.isEmpty && histories.isEmpty }
}
