/// Writes `changelog/index.html` and one page per API: unreleased changes first, then each release.
struct ChangelogPageRenderer {
    static let folder = "changelog"

    static func pagePath(for history: ChangelogHistory) -> String {
        "\(folder)/\(AnchorAllocator.slug(history.name, keep: "_")).html"
    }

    /// The id of an unreleased entry, from its first fragment's name: `change-2282.new`.
    static func entryID(forFragment path: String) -> String {
        "change-" + AnchorAllocator.slug(path.split(separator: "/").last.map(String.init) ?? path, keep: "._+")
    }

    let histories: [ChangelogHistory]

    func index() -> [UInt8] {
        var html = HTMLWriter()
        html.element("h1", text: "Changelog")
        html.open("ul", [("class", "api-list")])
        for history in histories {
            let unreleased = history.unreleased.reduce(0) { $0 + $1.entries.count }
            html.open("li")
            html.element("a", [("href", AnchorAllocator.slug(history.name, keep: "_") + ".html")], text: history.title)
            html.text(" — \(unreleased) unreleased change\(unreleased == 1 ? "" : "s"), \(history.releases.count) release\(history.releases.count == 1 ? "" : "s")")
            html.close("li")
            html.newline()
        }
        html.close("ul")
        html.newline()
        return html.bytes
    }

    func page(_ history: ChangelogHistory, markdown: MarkdownRenderer) -> [UInt8] {
        var html = HTMLWriter(capacity: 64 * 1024)
        var anchors = AnchorAllocator()
        anchors.reserve("toc-title")
        let unreleasedID = anchors.unique("unreleased")
        let releaseIDs = history.releases.map { anchors.unique(AnchorAllocator.slug($0.version, keep: ".")) }

        html.element("h1", text: "\(history.title) changelog")
        html.newline()
        html.open("div", [("class", "api-layout")])
        html.open("nav", [("class", "toc"), ("aria-labelledby", "toc-title")])
        html.element("h2", [("id", "toc-title"), ("class", "toc-title")], text: "Versions")
        html.open("ul")
        html.open("li")
        html.element("a", [("href", "#" + unreleasedID)], text: "Unreleased")
        html.close("li")
        for (release, id) in zip(history.releases, releaseIDs) {
            html.open("li")
            html.element("a", [("href", "#" + id)], text: release.version)
            html.close("li")
        }
        html.close("ul")
        html.close("nav")
        html.newline()
        html.open("article", [("class", "changelog")])

        html.open("section", [("class", "release unreleased"), ("aria-labelledby", unreleasedID)])
        html.headingWithAnchor("h2", id: unreleasedID, text: "Unreleased changes")
        if history.unreleased.isEmpty {
            html.element("p", [("class", "none")], text: "No unreleased changes.")
        } else {
            html.element("p", [("class", "lead")], text: "What the next release adds, from the newsfragments not yet released.")
            write(history.unreleased, idPrefix: unreleasedID, unreleased: true, history: history, anchors: &anchors, markdown: markdown, into: &html)
        }
        html.close("section")
        html.newline()
        for (release, id) in zip(history.releases, releaseIDs) {
            html.open("section", [("class", "release"), ("aria-labelledby", id)])
            html.headingWithAnchor("h2", id: id, text: release.version)
            if let date = release.date { html.element("p", [("class", "release-date")], text: "Released \(date)") }
            let categories = release.sections.flatMap(\.categories)
            if categories.isEmpty {
                html.element("p", [("class", "none")], text: "No significant changes.")
            }
            write(categories, idPrefix: id, unreleased: false, history: history, anchors: &anchors, markdown: markdown, into: &html)
            html.close("section")
            html.newline()
        }
        html.close("article")
        html.close("div")
        html.newline()
        return html.bytes
    }

    private func write(
        _ categories: [ChangelogCategory], idPrefix: String, unreleased: Bool, history: ChangelogHistory,
        anchors: inout AnchorAllocator, markdown: MarkdownRenderer, into html: inout HTMLWriter
    ) {
        for category in categories {
            if !category.title.isEmpty {
                html.headingWithAnchor("h3", id: anchors.unique(idPrefix + "-" + AnchorAllocator.slug(category.title)), text: category.title)
            }
            html.open("ul", [("class", "changes")])
            for entry in category.entries {
                let id = unreleased ? entry.fragments.first.map { anchors.unique(Self.entryID(forFragment: $0)) } : nil
                html.open("li", [("id", id)])
                let text = history.isMarkdown ? entry.text : DescriptionText.markdown(from: entry.text)
                if text.contains("\n\n") || text.contains("\n- ") {
                    var inner = AnchorAllocator()
                    markdown.render(text, into: &html, anchors: &inner)
                } else {
                    markdown.renderInline(text, into: &html)
                }
                if !entry.issues.isEmpty {
                    html.text(" (")
                    for (index, issue) in entry.issues.enumerated() {
                        if index > 0 { html.text(", ") }
                        if let url = issue.url, URLSafety.isSafe(url) {
                            html.element("a", [("href", url)], text: "#" + issue.id)
                        } else {
                            html.text("#" + issue.id)
                        }
                    }
                    html.text(")")
                }
                html.close("li")
                html.newline()
            }
            html.close("ul")
            html.newline()
        }
    }
}
