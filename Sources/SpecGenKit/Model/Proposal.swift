/// A spec change proposal (MSC) from `proposals/NNNN-name.md`.
package struct Proposal: Sendable, Equatable {
    package var number: Int
    /// The first heading, as written ("MSC 2010: Proposal to add client-side spoilers").
    package var title: String
    /// The root-relative path.
    package var path: String
    package var text: SourceText
    /// "Author:" and "Shepherd:" lines near the top, as written.
    package var authors: String?
    package var shepherd: String?
    /// A "Status:" line, or a status the proposal states in its title ("[WIP]", "(Draft)").
    package var status: String?
    /// The text, parsed.
    package var document: MarkdownDocument
    /// Its opening words, shown where readers meet what it changed: the first run of text after
    /// the title, up to the next heading (``ProposalLoader/opening(of:)``).
    package var opening: [MarkdownBlock] = []
    /// The template for new proposals (`0000-proposal-template.md`): shown, but not a proposal.
    package var isTemplate = false

    /// The title without a repeated number: "MSC1708: .well-known for federation" reads
    /// ".well-known for federation" beside "MSC1708".
    package var shortTitle: String {
        var rest = Substring(title)
        for prefix in ["MSC", "msc", "Proposal"] where rest.hasPrefix(prefix) {
            let afterPrefix = rest.dropFirst(prefix.count).drop { $0 == " " || $0 == "-" }
            let digits = afterPrefix.prefix { $0.isNumber }
            if Int(digits) == number {
                rest = afterPrefix.dropFirst(digits.count).drop { $0 == ":" || $0 == " " || $0 == "-" || $0 == "–" }
                break
            }
        }
        return rest.isEmpty ? title : String(rest)
    }

    /// "MSC1708: .well-known for federation".
    package var fullTitle: String { "MSC\(number): \(shortTitle)" }
}

/// A file copied into the site as it is: a proposal's image, a diagram.
package struct SiteAsset: Sendable {
    /// Where it goes in the site: `proposals/images/state-res.png`.
    package var sitePath: String
    package var bytes: [UInt8]
    /// An SVG a proposal shows: carried inside its `<img>` as a `data:` URL, never as a file of
    /// the site, where it could run script (``URLPolicy/isActiveContent(path:bytes:)``).
    package var isEmbeddedImage = false
}
