/// A page of the site, composed: where it goes, what it holds, and every id on it decided.
///
/// Every page is a Markdown document whose shortcodes have become components (operations,
/// events, boxes, …), so prose pages and generated pages are rendered the same way.
public struct PagePlan: Sendable {
    /// The file in the site: `client-server-api/index.html`.
    public var path: String
    /// The page's URL path, as links in the sources write it: `client-server-api/`.
    public var url: String
    public var title: String
    /// The shorter title the navigation shows.
    public var navigationTitle: String
    /// The URL of the section above it in the navigation, `nil` for the home page.
    public var parent: String?
    public var weight: Int
    /// Whether the site's navigation lists it.
    public var listed: Bool
    /// For `specgen serve`: equal keys, equal plans (see ``PageCache``); `nil` when not cached.
    var cacheKey: Int?
    public var document: MarkdownDocument
    /// Where the document's text comes from, for positions in diagnostics.
    public var source: SourceText?
    public var components: [PageComponent]
    /// Every id on the page, sorted.
    public var anchors: [String]
    /// The headings "on this page" lists.
    public var toc: [TOCEntry]
    /// What the search index holds for the page.
    public var searchEntries: [SearchEntry]
    /// The API whose endpoints win when a mention could mean several.
    public var preferredAPI: String?
    /// A proposal page does not link its own number.
    public var proposalNumber: Int?
    /// For a proposal page: the folder its relative links start from.
    public var relativeLinkBase: String?
    /// The page's own Hugo parameters (a room version page's `version`).
    public var parameters: [String: String] = [:]
}

public struct TOCEntry: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var id: String
}

/// Something a search finds, with where it is.
public struct SearchEntry: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case endpoint, field, event, definition, heading, change, proposal, page
    }

    public var kind: Kind
    public var title: String
    /// More text that matches, not shown: a field's parent, an endpoint's summary.
    public var detail: String
    /// The id on the page, or `nil` for the page itself.
    public var anchor: String?
}

/// What a shortcode, or a generated part of a page, became.
public enum PageComponent: Sendable {
    case operations([OperationPlan])
    case events([EventPlan])
    case commonFields(CommonFieldsPlan)
    case definition(DefinitionPlan)
    /// `boxes/note`, `boxes/warning`, `boxes/rationale`, `boxes/added-in-paragraph`.
    case box(kind: String, document: MarkdownDocument, source: SourceText?)
    /// `added-in`, `changed-in`: "this version" when the page is that version.
    case versionBadge(kind: String, version: String, thisVersion: Bool, block: Bool)
    /// `cs-module`, `rver-fragment`: another file's text in place.
    case include(document: MarkdownDocument, source: SourceText)
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
}

/// An endpoint's section, with the ids of everything in it.
public struct OperationPlan: Sendable {
    public var operation: Operation
    public var api: String
    public var id: String
    public var level: Int
    public var requestID: String
    public var responsesID: String
    public var statusTableID: String
    var parameterTables: [FieldTable]
    var requestBody: BodyPlan?
    var responses: [ResponsePlan]
    /// How `specgen diff --output` marks it: `added` or `changed`, with notes.
    public var change: (kind: String, notes: [String])?
}

struct BodyPlan: Sendable {
    var body: Body
    var title: String
    /// The id of the table of media types, for a body that is not JSON.
    var contentTypesID: String?
    var rootType: [TypePart]?
    var tables: [FieldTable]
}

struct ResponsePlan: Sendable {
    var response: Response
    /// The id of the response's section, when it has headers or a body.
    var id: String?
    /// The headers' table, then tables nested in it.
    var headers: [FieldTable]
    var body: BodyPlan?
    var examples: [Example]
}

/// An event's section.
public struct EventPlan: Sendable {
    public var schema: EventSchema
    public var id: String
    public var level: Int
    /// The name shown: the type, or for a `msgtypes` entry the message type.
    public var displayName: String
    /// For a variant (`m.room.message$m.notice`), what tells it apart: `msgtype: m.notice`.
    public var variantLabel: String?
    /// A title in Markdown, shown instead of the name.
    public var title: SourceText?
    var contentType: [TypePart]?
    var tables: [FieldTable]
    /// Fields besides the content that the common fields of its kind do not cover, and tables nested in them.
    var otherTables: [FieldTable]
    var examples: [EventExample]
    var variants: [EventPlan]
    /// The id of the common fields of its kind, when the page shows them.
    var commonFieldsID: String?
}

public struct CommonFieldsPlan: Sendable {
    public var title: String
    public var id: String?
    public var description: SourceText?
    var tables: [FieldTable]
    var inherits: (title: String, id: String)?
}

public struct DefinitionPlan: Sendable {
    public var schema: Schema
    public var title: String
    public var id: String
    public var level: Int
    var rootType: [TypePart]?
    var tables: [FieldTable]
}

public struct APIIndexEntry: Sendable {
    public var title: String
    public var href: String
    public var detail: String
}

public struct ProposalIndexEntry: Sendable {
    public var proposal: Proposal
    public var href: String
    public var endpoints: Int
}

public struct ProposalMetaPlan: Sendable {
    public var proposal: Proposal
    public var endpoints: [EndpointReference]
}

public struct ChangelogIndexPlan: Sendable {
    public struct Item: Sendable {
        public var title: String
        public var href: String
        public var detail: String
    }

    public var unreleased: [UnreleasedChanges]
    /// Ids of the headings: unreleased changes, releases, older histories; `nil` for one not shown.
    var headingIDs: [String?]
    /// Ids of each API's unreleased section and entries, in order; `nil` for an API with none.
    var unreleasedIDs: [(section: String?, entries: [[String?]])]
    public var releases: [Item]
    public var histories: [Item]
}

public struct ChangelogEntriesPlan: Sendable {
    public var categories: [ChangelogCategory]
    /// Ids per category heading and entry; `nil` where there is none.
    var categoryIDs: [String?]
    var entryIDs: [[String?]]
    var markup: ChangelogMarkup
    var notes: [String]
}

public struct ReleasesPlan: Sendable {
    public var unreleased: ChangelogIndexPlan?
    /// Each release page's text, composed, newest first.
    public var releases: [(document: MarkdownDocument, source: SourceText)]
}

public struct ChangesPlan: Sendable {
    public var diff: SpecDiff
}

/// An endpoint something can link to.
public struct EndpointReference: Sendable, Hashable {
    public var method: String
    public var fullPath: String
    public var api: String
    /// Site-relative page path and fragment: `client-server/index.html#post-…`.
    public var href: String
}
