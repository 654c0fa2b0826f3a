/// A page of the site, composed: where it goes, what it holds, and every id on it decided.
///
/// Every page is a Markdown document whose shortcodes have become components (operations,
/// events, boxes, …), so prose pages and generated pages are rendered the same way.
package struct PagePlan: Sendable {
    /// What the page is, which decides its path.
    var kind: PageKind
    /// The file in the site: `client-server-api/index.html`.
    package var path: String
    /// The page's URL path, as links in the sources write it: `client-server-api/`.
    package var url: String
    package var title: String
    /// The shorter title the navigation shows.
    package var navigationTitle: String
    /// The URL of the section above it in the navigation, `nil` for the home page.
    package var parent: String?
    package var weight: Int
    /// The front matter's date, which orders pages of equal weight as Hugo does (newest first).
    package var date: String?
    /// Whether the site's navigation lists it.
    package var listed: Bool
    /// For `specgen serve`: equal keys, equal plans (see ``PageCache``); `nil` when not cached.
    var cacheKey: Int?
    package var document: MarkdownDocument
    /// Where the document's text comes from, for positions in diagnostics.
    package var source: SourceText?
    package var components: [PageComponent]
    /// Every id on the page, sorted.
    package var anchors: [String]
    /// The headings "on this page" lists.
    package var toc: [TOCEntry]
    /// What the search index holds for the page.
    package var searchEntries: [SearchEntry]
    /// The API whose endpoints win when a mention could mean several.
    package var preferredAPI: String?
    /// A proposal page does not link its own number.
    package var proposalNumber: Int?
    /// For a proposal page: the folder its relative links start from.
    package var relativeLinkBase: String?
    /// What the page is about, in plain text, for its `<meta name="description">`; `nil` for the
    /// site's own description.
    package var summary: String?
    /// The page's own Hugo parameters (a room version page's `version`).
    package var parameters: [String: String] = [:]
    /// The endpoints the page shows, for its list of endpoints.
    package var endpoints: [EndpointListEntry] = []
    /// The page in its other output formats (a release's `checklist.md`), written beside it.
    package var outputs: [RenderedFile] = []
}

package struct TOCEntry: Sendable, Hashable {
    package var level: Int
    package var text: String
    package var id: String
}

/// Something a search finds, with where it is.
package struct SearchEntry: Sendable, Hashable {
    package enum Kind: String, Sendable {
        case endpoint, field, event, definition, heading, change, proposal, page, errorCode
    }

    package var kind: Kind
    package var title: String
    /// More text that matches, not shown: a field's parent, an endpoint's summary.
    package var detail: String
    /// The id on the page, or `nil` for the page itself.
    package var anchor: String?
}

/// What a shortcode, or a generated part of a page, became.
package enum PageComponent: Sendable {
    case operations([OperationPlan])
    case events([EventPlan])
    case commonFields(CommonFieldsPlan)
    case definition(DefinitionPlan)
    /// `boxes/note`, `boxes/warning`, `boxes/rationale`, `boxes/added-in-paragraph`.
    case box(kind: String, document: MarkdownDocument, source: SourceText?)
    /// `added-in`, `changed-in`: "this version" when the page is that version.
    case versionBadge(kind: String, version: String, thisVersion: Bool, block: Bool)
    /// Another file's text in place, from a shortcode that includes pages.
    case include(document: MarkdownDocument, source: SourceText?)
    case emojiTable(YAMLNode?)
    case proposalTables(YAMLNode?)
    case diagram(source: String?, alt: String)
    /// The released changelogs of a bundle page (`changelog/changelogs`), unreleased changes first.
    case releases(ReleasesPlan)
    case versionDescription(version: String?, unstable: Bool)
    /// A shortcode specgen does not know: its inner text only.
    case unknown(document: MarkdownDocument?, source: SourceText?)
    /// Generated lists of the site's own pages.
    case apiIndex([APIIndexEntry])
    /// The proposals, and the page of the template for new ones.
    case proposalIndex([ProposalIndexEntry], template: String?)
    case proposalMeta(ProposalMetaPlan)
    case changelogIndex(ChangelogIndexPlan)
    case changelogEntries(ChangelogEntriesPlan)
    case changes(ChangesPlan)
    /// A paragraph of generated text, styled by `className`.
    case lead(String, className: String)
    /// The page's introduction from its front matter, under its title.
    case pageDescription(document: MarkdownDocument, source: SourceText?)
    /// The endpoints the page shows, by the module whose text shows them (later trees).
    case endpointList([EndpointListEntry])
    /// A release page's table: its tree, its date, its checklist.
    case releaseInfo(ReleaseInfoPlan)
}

/// An endpoint's section, with the ids of everything in it.
package struct OperationPlan: Sendable, Equatable {
    package var operation: Operation
    package var api: String
    package var id: String
    package var level: Int
    package var requestID: String
    package var responsesID: String
    package var statusTableID: String
    var parameterTables: [FieldTable]
    var requestBody: BodyPlan?
    /// The request body's example: the source's first, or one made by the layout's rule.
    var requestExample: Example?
    var responses: [ResponsePlan]
    /// How `specgen diff --output` marks it: `added` or `changed`, with notes.
    package var change: DiffMark?
}

/// How `specgen diff --output` marks an endpoint: `added` or `changed`, with notes.
package struct DiffMark: Sendable, Equatable {
    package var kind: String
    package var notes: [String]
}

struct BodyPlan: Sendable, Equatable {
    var body: Body
    var title: String
    /// The id of the table of media types, for a body that is not JSON.
    var contentTypesID: String?
    var rootType: [TypePart]?
    var tables: [FieldTable]
    /// The types of media types whose schema is not the body's first one.
    var typesByMediaType: [String: [TypePart]] = [:]
}

struct ResponsePlan: Sendable, Equatable {
    var response: Response
    /// The id of the response's section, when it has headers or a body.
    var id: String?
    /// The headers' table, then tables nested in it.
    var headers: [FieldTable]
    var body: BodyPlan?
    var examples: [Example]
}

/// An event's section.
package struct EventPlan: Sendable, Equatable {
    package var schema: EventSchema
    package var id: String
    package var level: Int
    /// The name shown: the type, or for a `msgtypes` entry the message type.
    package var displayName: String
    /// For a variant (`m.room.message$m.notice`), what tells it apart: `msgtype: m.notice`.
    package var variantLabel: String?
    /// A title in Markdown, shown instead of the name.
    package var title: SourceText?
    var contentType: [TypePart]?
    var tables: [FieldTable]
    /// Fields besides the content that the common fields of its kind do not cover, and tables nested in them.
    var otherTables: [FieldTable]
    var examples: [EventExample]
    var variants: [EventPlan]
    /// The id of the common fields of its kind, when the page shows them.
    var commonFieldsID: String?
}

/// Common fields that another kind's common fields extend (room events extend events).
struct InheritedFields: Sendable, Equatable {
    var title: String
    var id: String
}

package struct CommonFieldsPlan: Sendable, Equatable {
    package var title: String
    package var id: String?
    package var description: SourceText?
    var tables: [FieldTable]
    /// The common fields of the kind these extend: their title and id.
    var inherits: InheritedFields?
}

package struct DefinitionPlan: Sendable, Equatable {
    package var schema: Schema
    package var title: String
    /// Plain text after the title, which is shown as code: gendoc's " schema".
    package var titleSuffix: String
    package var id: String
    package var level: Int
    var rootType: [TypePart]?
    var tables: [FieldTable]
    /// The schema's example, or one made by the layout's rule.
    var example: YAMLNode?
}

package struct APIIndexEntry: Sendable {
    package var title: String
    package var href: String
    package var detail: String
}

package struct ProposalIndexEntry: Sendable {
    package var proposal: Proposal
    package var href: String
    package var endpoints: Int
}

package struct ProposalMetaPlan: Sendable {
    package var proposal: Proposal
    package var endpoints: [EndpointReference]
}

package struct ChangelogIndexPlan: Sendable {
    package struct Item: Sendable {
        package var title: String
        package var href: String
        package var detail: String
    }

    package var unreleased: [UnreleasedChanges]
    /// Ids of the headings: unreleased changes, releases, older histories; `nil` for one not shown.
    var headingIDs: [String?]
    /// Ids of each API's unreleased section and entries, in order; `nil` for an API with none.
    var unreleasedIDs: [(section: String?, entries: [[String?]])]
    package var releases: [Item]
    package var histories: [Item]
}

package struct ChangelogEntriesPlan: Sendable {
    package var categories: [ChangelogCategory]
    /// Ids per category heading and entry; `nil` where there is none.
    var categoryIDs: [String?]
    var entryIDs: [[String?]]
    var markup: ChangelogMarkup
    var notes: [String]
}

package struct ReleasesPlan: Sendable {
    package var unreleased: ChangelogIndexPlan?
    /// Each release page's text, composed, newest first.
    package var releases: [(document: MarkdownDocument, source: SourceText)]
}

package struct ChangesPlan: Sendable {
    package var diff: SpecDiff
}

/// An endpoint something can link to.
package struct EndpointReference: Sendable, Hashable {
    package var method: String
    package var fullPath: String
    package var api: String
    /// Site-relative page path and fragment: `client-server/index.html#post-…`.
    package var href: String
}

/// What the table at the top of a release page says.
package struct ReleaseInfoPlan: Sendable {
    package var commitURL: String
    /// As Hugo writes it: "July 8, 2026"; `nil` for the unstable changelog.
    package var date: String?
    /// The release's checklist beside its page, when it has one.
    package var checklistHref: String?
}

/// An endpoint in a page's list of endpoints, with the module whose text shows it.
package struct EndpointListEntry: Sendable, Hashable {
    package var method: String
    package var path: String
    package var anchor: String
    package var isDeprecated: Bool
    /// `cs-module`'s `name`; `nil` for an endpoint of the page's own text.
    package var module: String?

    init(plan: OperationPlan, module: String?) {
        method = plan.operation.method
        path = plan.operation.fullPath
        anchor = plan.id
        isDeprecated = plan.operation.deprecated
        self.module = module
    }
}

extension PagePlan {
    /// The most characters of a page's summary: what search engines show.
    static let summaryLimit = 300

    /// The paragraphs of some blocks as one plain text, cut at a word before ``summaryLimit``.
    static func summary(of blocks: [MarkdownBlock]) -> String? {
        var text = ""
        for case .paragraph(let inlines) in blocks {
            text += (text.isEmpty ? "" : " ") + MarkdownInline.plainText(inlines)
            // `text.count > summaryLimit`, counting no further than needed.
            if !text.dropFirst(summaryLimit).isEmpty { break }
        }
        // Runs of white space become one space, up to one character past the limit.
        var collapsed = ""
        var count = 0
        var pendingSpace = false
        for character in text {
            guard count <= summaryLimit else { break }
            if character.isWhitespace {
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                collapsed.append(" ")
                count += 1
                pendingSpace = false
                if count > summaryLimit { break }
            }
            collapsed.append(character)
            count += 1
        }
        guard !collapsed.isEmpty else { return nil }
        guard count > summaryLimit else { return collapsed }
        let cut = collapsed.prefix(summaryLimit)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
    }
}
