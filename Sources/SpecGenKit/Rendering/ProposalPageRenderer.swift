internal import CCmark

/// Writes `proposals/index.html` and a page per proposal with its own text, a table of contents
/// and the endpoints it touches.
struct ProposalPageRenderer {
    static let folder = "proposals"

    static func pagePath(for proposal: Proposal) -> String {
        "\(folder)/\(proposal.number).html"
    }

    let proposals: [Proposal]
    let links: LinkIndex

    func index(markdown: MarkdownRenderer) -> [UInt8] {
        var html = HTMLWriter(capacity: 16 * 1024)
        html.element("h1", text: "Proposals")
        html.element("p", [("class", "lead")], text: "\(proposals.count) proposals (MSCs), by number.")
        html.open("div", [("class", "table-wrap")])
        html.open("table", [("class", "proposals")])
        html.raw("<thead><tr><th scope=\"col\">MSC</th><th scope=\"col\">Title</th><th scope=\"col\">Endpoints</th></tr></thead>\n<tbody>\n")
        for proposal in proposals {
            html.open("tr")
            html.open("td")
            html.element("a", [("href", "\(proposal.number).html")], text: "MSC\(proposal.number)")
            html.close("td")
            html.open("td")
            html.open("a", [("href", "\(proposal.number).html")])
            markdown.renderInline(Self.escapingLinks(proposal.title), into: &html)
            html.close("a")
            html.close("td")
            let endpoints = links.endpointsOfProposal[proposal.number]?.count ?? 0
            html.element("td", text: endpoints == 0 ? "" : String(endpoints))
            html.close("tr")
            html.newline()
        }
        html.raw("</tbody>\n</table>\n</div>\n")
        return html.bytes
    }

    /// Titles render inside a link, so any link syntax in them is shown as text.
    private static func escapingLinks(_ title: String) -> String {
        title.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "<", with: "\\<")
    }

    func page(_ proposal: Proposal, markdown: MarkdownRenderer, linker: PageLinker) -> [UInt8] {
        var renderer = markdown
        renderer.headingIDPrefix = ""
        renderer.resolvesFragments = true
        var body = HTMLWriter(capacity: proposal.text.utf8.count * 2)
        var anchors = AnchorAllocator()
        for reserved in ["toc-title", "proposal-endpoints"] { anchors.reserve(reserved) }
        let headings = renderer.render(TableSyntax.convertPipeTables(proposal.text), into: &body, anchors: &anchors)

        var html = HTMLWriter(capacity: body.bytes.count + 8192)
        html.open("div", [("class", "api-layout")])
        html.open("nav", [("class", "toc"), ("aria-labelledby", "toc-title")])
        html.element("h2", [("id", "toc-title"), ("class", "toc-title")], text: "Contents")
        html.open("ul")
        for heading in headings {
            html.open("li", [("class", "toc-level-\(heading.level)")])
            html.element("a", [("href", "#" + heading.id)], text: heading.text)
            html.close("li")
        }
        html.close("ul")
        html.close("nav")
        html.newline()
        html.open("article", [("class", "proposal")])
        html.open("dl", [("class", "proposal-meta")])
        html.element("dt", text: "Proposal")
        html.element("dd", text: "MSC\(proposal.number)")
        if let authors = proposal.authors {
            html.element("dt", text: "Author")
            html.open("dd")
            renderer.renderInline(authors, into: &html)
            html.close("dd")
        }
        if let shepherd = proposal.shepherd {
            html.element("dt", text: "Shepherd")
            html.open("dd")
            renderer.renderInline(shepherd, into: &html)
            html.close("dd")
        }
        html.element("dt", text: "Source")
        html.open("dd")
        html.element("code", text: proposal.path)
        html.close("dd")
        html.close("dl")
        html.newline()
        let endpoints = links.endpointsOfProposal[proposal.number] ?? []
        if !endpoints.isEmpty {
            html.open("aside", [("class", "proposal-endpoints"), ("aria-labelledby", "proposal-endpoints")])
            html.element("h2", [("id", "proposal-endpoints")], text: "Endpoints in the spec that this proposal touches")
            html.open("ul")
            for endpoint in endpoints {
                html.open("li")
                html.open("a", [("href", linker.relative(endpoint.href))])
                html.element("span", [("class", "method method-\(endpoint.method.lowercased())")], text: endpoint.method)
                html.text(" ")
                html.element("span", [("class", "path")], text: endpoint.fullPath)
                html.close("a")
                html.close("li")
            }
            html.close("ul")
            html.close("aside")
            html.newline()
        }
        html.raw(body.bytes)
        html.close("article")
        html.close("div")
        html.newline()
        return html.bytes
    }
}
