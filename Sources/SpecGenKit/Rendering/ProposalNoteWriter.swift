/// The proposals behind an endpoint, event or section: each one's title and opening words in a
/// collapsed `<details>`, the reason it is cited beside it, and a link to its page.
struct ProposalNoteWriter {
    let page: PageRenderer

    /// The notes of what `href` (site-relative, with its fragment) names; nothing when none cites it.
    func write(for href: String, into html: inout HTMLWriter) {
        let notes = page.resolver.proposalNotes(for: href)
        guard !notes.isEmpty else { return }
        html.open("div", [("class", "proposal-notes")])
        html.newline()
        for note in notes {
            let (citation, proposal) = (note.citation, note.proposal)
            html.open("details", [("class", "proposal-note")])
            html.open("summary")
            html.element("span", [("class", "proposal-number")], text: "MSC\(proposal.number)")
            html.text(" ")
            html.element("span", [("class", "proposal-title")], text: proposal.shortTitle)
            html.text(" ")
            html.element(
                "span", [("class", "proposal-reason")],
                text: citation.statedIn.map { "as per \($0)" } ?? "which mentions it")
            html.close("summary")
            html.newline()
            if proposal.opening.isEmpty {
                html.element("p", [("class", "none")], text: "The proposal has no introduction to show.")
            } else {
                page.writeDocument(
                    MarkdownDocument(blocks: proposal.opening), source: nil,
                    linkBase: SourcePath.parent(proposal.path), into: &html)
            }
            html.open("p", [("class", "proposal-more")])
            html.element("a", [("href", page.resolver.relative(note.href))], text: "Read MSC\(proposal.number)")
            html.close("p")
            html.close("details")
            html.newline()
        }
        html.close("div")
        html.newline()
    }
}
