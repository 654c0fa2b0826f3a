/// The site's navigation: the tree of pages by section and weight, and each page's table of contents.
struct Navigation: Sendable {
    private struct Node: Sendable {
        var page: SiteMap.Page
        var children: [Int]
    }

    private var nodes: [Node] = []
    private var roots: [Int] = []
    private var byURL: [String: Int] = [:]

    init(map: SiteMap) {
        let listed = map.pages.filter(\.listed)
        for page in listed {
            byURL[page.url] = nodes.count
            nodes.append(Node(page: page, children: []))
        }
        for index in nodes.indices {
            let page = nodes[index].page
            if let parent = page.parent, let parentIndex = byURL[parent], parentIndex != index {
                nodes[parentIndex].children.append(index)
            } else if page.url != "" {
                if let home = byURL[""] { nodes[home].children.append(index) } else { roots.append(index) }
            } else {
                roots.insert(index, at: 0)
            }
        }
        // Hugo's order: by weight, then by date with the newest first (undated last), then by title.
        let order: (Int, Int) -> Bool = { [nodes] a, b in
            let (left, right) = (nodes[a].page, nodes[b].page)
            if left.weight != right.weight { return left.weight < right.weight }
            if left.date != right.date { return (left.date ?? "") > (right.date ?? "") }
            return left.navigationTitle < right.navigationTitle
        }
        for index in nodes.indices { nodes[index].children.sort(by: order) }
    }

    /// The top of the tree below the home page: what the header links to.
    var sections: [SiteMap.Page] {
        guard let home = byURL[""] else { return roots.map { nodes[$0].page } }
        return nodes[home].children.map { nodes[$0].page }
    }

    /// The section a page belongs to: the top-level page above it.
    func section(of url: String) -> String? {
        var current = byURL[url]
        var last: Int?
        while let index = current, nodes[index].page.url != "" {
            last = index
            current = nodes[index].page.parent.flatMap { byURL[$0] }
        }
        return last.map { nodes[$0].page.navigationTitle }
    }

    /// The sidebar of one page: every section, with the current page's section opened and the
    /// page itself marked.
    func sidebar(for page: PagePlan) -> [UInt8] {
        var html = HTMLWriter(capacity: 4096)
        var activePath: Set<String> = [page.url]
        var parent = page.parent
        while let url = parent, let index = byURL[url] {
            activePath.insert(url)
            parent = nodes[index].page.parent
            if url.isEmpty { break }
        }
        html.open("ul", [("class", "nav-tree")])
        for root in roots { write(root, depth: 0, current: page, activePath: activePath, into: &html) }
        html.close("ul")
        return html.bytes
    }

    private func write(
        _ index: Int, depth: Int, current: PagePlan, activePath: Set<String>, into html: inout HTMLWriter
    ) {
        let node = nodes[index]
        let isCurrent = node.page.path == current.path
        let isOpen = activePath.contains(node.page.url) || depth == 0
        var classes = ["nav-item"]
        if isCurrent { classes.append("current") }
        if activePath.contains(node.page.url) && !isCurrent { classes.append("active-path") }
        html.open("li", [("class", classes.joined(separator: " "))])
        html.open(
            "a",
            [
                ("href", SiteMap.relative(node.page.path, from: current.path)),
                ("aria-current", isCurrent ? "page" : nil),
            ])
        Self.writeLinkText(node.page.navigationTitle, into: &html)
        html.close("a")
        if isOpen && !node.children.isEmpty {
            html.open("ul")
            for child in node.children {
                write(child, depth: depth + 1, current: current, activePath: activePath, into: &html)
            }
            html.close("ul")
        }
        html.close("li")
    }

    /// Where the page sits: a link to each page above it, from the home page down, then the
    /// page's own title. Empty for the home page.
    func breadcrumbs(for page: PagePlan) -> [UInt8] {
        guard !page.url.isEmpty else { return [] }
        var ancestors: [SiteMap.Page] = []
        var parent = page.parent ?? ""
        while let index = byURL[parent], ancestors.count < nodes.count {
            let node = nodes[index].page
            ancestors.append(node)
            guard !node.url.isEmpty else { break }
            parent = node.parent ?? ""
        }
        if ancestors.last.map({ !$0.url.isEmpty }) ?? true, let home = byURL[""] { ancestors.append(nodes[home].page) }
        guard !ancestors.isEmpty else { return [] }
        var html = HTMLWriter(capacity: 512)
        html.open("nav", [("class", "breadcrumbs"), ("aria-label", "Breadcrumbs")])
        html.open("ol")
        for ancestor in ancestors.reversed() {
            html.open("li")
            html.open("a", [("href", SiteMap.relative(ancestor.path, from: page.path))])
            Self.writeLinkText(ancestor.navigationTitle, into: &html)
            html.close("a")
            html.close("li")
        }
        html.open("li", [("aria-current", "page")])
        Self.writeLinkText(page.navigationTitle, into: &html)
        html.close("li")
        html.close("ol")
        html.close("nav")
        html.newline()
        return html.bytes
    }

    /// A link's text; one that names a path wraps only after its slashes.
    static func writeLinkText(_ text: String, into html: inout HTMLWriter) {
        if text.containsByte(UInt8(ascii: "/")) { html.wrappingText(text) } else { html.text(text) }
    }

    /// "On this page": the headings, nested by level.
    static func tableOfContents(_ entries: [TOCEntry], ordered: Bool) -> [UInt8] {
        guard !entries.isEmpty else { return [] }
        var html = HTMLWriter(capacity: entries.count * 80)
        let list = ordered ? "ol" : "ul"
        html.element("p", [("class", "toc-title")], text: "On this page")
        let base = entries.map(\.level).min() ?? 2
        var depth = 0
        html.open(list)
        var openItem = false
        for entry in entries {
            let level = entry.level - base
            if level > depth {
                while depth < level {
                    if !openItem { html.open("li") }
                    html.open(list)
                    depth += 1
                    openItem = false
                }
            } else {
                if openItem { html.close("li") }
                while depth > level {
                    html.close(list)
                    html.close("li")
                    depth -= 1
                }
            }
            html.open("li")
            html.open("a", [("href", "#" + entry.id)])
            writeLinkText(entry.text, into: &html)
            html.close("a")
            openItem = true
        }
        if openItem { html.close("li") }
        while depth > 0 {
            html.close(list)
            html.close("li")
            depth -= 1
        }
        html.close(list)
        return html.bytes
    }
}

/// The offline search index: every entry of every page, written as a script that the search box
/// loads on first use (a script works from `file://`, where fetching JSON does not).
///
/// The script assigns one JSON value: `pages` (`[path, title]`), `places` (`[page, anchor,
/// detail]`, shared by the fields of one table) and `entries` (`[kind, title, place]`). Entries are
/// few enough (a few thousand) that the browser scans them all on each keystroke, ranking whole
/// and leading matches in titles first. Nothing is fetched from outside the site.
enum SearchIndex {

    static let prefix = "window.specgenSearch="

    static func kind(_ kind: SearchEntry.Kind) -> StaticString {
        switch kind {
        case .endpoint: "e"
        case .field: "f"
        case .event: "v"
        case .definition: "d"
        case .heading: "h"
        case .change: "c"
        case .proposal: "p"
        case .page: "g"
        case .errorCode: "x"
        }
    }

    /// A place on a page; anchors and details compare by their bytes.
    private struct Place: Hashable {
        var page: Int
        var anchor: ExactText
        var detail: ExactText
    }

    static func build(_ plans: [PagePlan]) -> [UInt8] {
        var places: [Place] = []
        var placeIndex: [Place: Int] = [:]
        var entries: [(kind: SearchEntry.Kind, title: String, place: Int)] = []
        for (page, plan) in plans.enumerated() {
            for entry in plan.searchEntries {
                let place = Place(page: page, anchor: ExactText(entry.anchor ?? ""), detail: ExactText(entry.detail))
                // The fields of one table come one after another, at one place.
                if let last = entries.last, places[last.place] == place {
                    entries.append((entry.kind, entry.title, last.place))
                    continue
                }
                let index =
                    placeIndex[place]
                    ?? {
                        places.append(place)
                        placeIndex[place] = places.count - 1
                        return places.count - 1
                    }()
                entries.append((entry.kind, entry.title, index))
            }
        }
        var out = ScriptWriter(capacity: entries.count * 48)
        out.raw("window.specgenSearch={\"pages\":[")
        // Each table is an array of rows, each row an array of fields.
        for (index, plan) in plans.enumerated() {
            out.raw(index > 0 ? ",[" : "[")
            out.quoted(plan.path)
            out.raw(",")
            out.quoted(plan.title)
            out.raw("]")
        }
        out.raw("],\n\"places\":[")
        for (index, place) in places.enumerated() {
            out.raw(index > 0 ? ",[" : "[")
            out.number(place.page)
            out.raw(",")
            out.quoted(place.anchor.text)
            out.raw(",")
            out.quoted(place.detail.text)
            out.raw("]")
        }
        out.raw("],\n\"entries\":[")
        for (index, entry) in entries.enumerated() {
            out.raw(index > 0 ? ",[\"" : "[\"")
            out.raw(kind(entry.kind))
            out.raw("\",")
            out.quoted(entry.title)
            out.raw(",")
            out.number(entry.place)
            out.raw("]")
        }
        out.raw("]};\n")
        return out.bytes
    }

    /// The script's bytes: JSON strings escaped so that nothing in them can end the script.
    struct ScriptWriter {
        private(set) var bytes: [UInt8] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        mutating func raw(_ text: StaticString) {
            bytes.append(contentsOf: text.utf8Bytes)
        }

        mutating func number(_ value: Int) {
            bytes.append(contentsOf: String(value).utf8)
        }

        mutating func quoted(_ text: String) {
            // A result list never shows a bidirectional control (the checker reports the name).
            var text = text
            if SpecChecker.bidiControl(in: text) != nil {
                text.unicodeScalars.removeAll { SpecChecker.bidiControls.contains($0) }
            }
            bytes.append(UInt8(ascii: "\""))
            text.withUTF8 { utf8 in
                // Runs of bytes that need no escape are appended whole.
                var start = 0
                for index in 0..<utf8.count {
                    let byte = utf8[index]
                    guard
                        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                            || byte == UInt8(ascii: "<")
                    else { continue }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    start = index + 1
                    switch byte {
                    case UInt8(ascii: "\""): raw("\\\"")
                    case UInt8(ascii: "\\"): raw("\\\\")
                    case UInt8(ascii: "\n"): raw("\\n")
                    case UInt8(ascii: "<"): raw("\\u003c")
                    default:
                        raw("\\u00")
                        bytes.append(
                            contentsOf: Array(String(byte >> 4, radix: 16).utf8)
                                + Array(String(byte & 0xF, radix: 16).utf8))
                    }
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }
}
