/// A page of prose from `content/` (matrix-spec layout), in Hugo's terms.
package struct ContentPage: Sendable {
    package enum Kind: Sendable, Hashable {
        /// `content/_index.md`.
        case home
        /// `x/_index.md`: a section, with the pages below it.
        case section
        /// `x.md`, or a leaf bundle's `x/index.md`.
        case page
        /// A bundle whose `index.md` says `headless: true`: its files are only included into other pages.
        case headless
        /// A file beside a leaf bundle's `index.md`: a resource, not a page.
        case resource
    }

    /// The root-relative source file: `content/client-server-api/_index.md`.
    package var file: String
    /// Hugo's URL path, without the leading slash: `client-server-api/`, `rooms/v11/`, `` for home.
    package var url: String
    package var kind: Kind
    package var frontMatter: FrontMatter
    /// The Markdown after the front matter.
    package var body: SourceText
    /// The body, parsed, with its shortcodes.
    package var document: MarkdownDocument
    /// Every shortcode call of the body, those inside other shortcodes included.
    package var shortcodeCalls: [ShortcodeCall]
    /// The front matter's `description`, parsed.
    package var description: MarkdownDocument?

    package var title: String {
        frontMatter.title ?? SourcePath.name(url.hasSuffix("/") ? String(url.dropLast()) : url)
    }
    package var linkTitle: String { frontMatter.linkTitle ?? title }
}

/// A page's front matter: the keys Hugo and the spec's templates use.
package struct FrontMatter: Sendable {
    package var title: String?
    package var linkTitle: String?
    package var weight: Int?
    package var type: String?
    package var layout: String?
    package var date: String?
    package var headless = false
    /// The page's introduction, in Markdown, which later trees' templates show under the title.
    package var description: SourceText?
    /// Other keys with a scalar value, such as a room version page's `version`.
    package var params: [String: String] = [:]

    package init() {}
}

/// An entry of the site's top menu (`[[menus.main]]`).
package struct MenuItem: Sendable, Hashable {
    package var name: String
    package var url: String
    package var weight: Int
}

/// What the tree's Hugo configuration says about the site.
package struct SiteConfig: Sendable {
    package var title: String
    package var description: String?
    package var menu: [MenuItem] = []
    /// `params.version`: `stable` or `unstable`, and the release's number.
    package var versionStatus: VersionStatus?
    package var version: String?
    package var releaseDate: String?
    /// `markup.tableOfContents`: the heading levels listed on a page.
    package var tocStartLevel = 2
    package var tocEndLevel = 3
    package var tocOrdered = false
    /// Goldmark's passthrough extension, when the config turns it on: maths kept as written.
    package var passthrough: PassthroughDelimiters?
    /// The config file it was read from, root-relative.
    package var file: String?

    package init(title: String) {
        self.title = title
    }
}

/// `params.version.status` of the Hugo config.
package enum VersionStatus: String, Sendable, Hashable {
    case stable, unstable, historical
}

/// A string format of `data/string-formats.yaml`: `mx-user-id` is shown as "User ID", linked.
package struct StringFormat: Sendable, Hashable {
    package var title: String
    /// As the file writes it: relative to the site root (`appendices#user-identifiers`), or absolute.
    package var url: String?
}
