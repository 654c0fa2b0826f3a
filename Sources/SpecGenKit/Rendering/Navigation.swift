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
        let order: (Int, Int) -> Bool = { [nodes] a, b in
            (nodes[a].page.weight, nodes[a].page.navigationTitle) < (nodes[b].page.weight, nodes[b].page.navigationTitle)
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

    private func write(_ index: Int, depth: Int, current: PagePlan, activePath: Set<String>, into html: inout HTMLWriter) {
        let node = nodes[index]
        let isCurrent = node.page.path == current.path
        let isOpen = activePath.contains(node.page.url) || depth == 0
        var classes = ["nav-item"]
        if isCurrent { classes.append("current") }
        if activePath.contains(node.page.url) && !isCurrent { classes.append("active-path") }
        html.open("li", [("class", classes.joined(separator: " "))])
        html.open("a", [("href", SiteMap.relative(node.page.path, from: current.path)), ("aria-current", isCurrent ? "page" : nil)])
        Self.writeLinkText(node.page.navigationTitle, into: &html)
        html.close("a")
        if isOpen && !node.children.isEmpty {
            html.open("ul")
            for child in node.children { write(child, depth: depth + 1, current: current, activePath: activePath, into: &html) }
            html.close("ul")
        }
        html.close("li")
    }

    /// A link's text; one that names a path wraps only after its slashes.
    static func writeLinkText(_ text: String, into html: inout HTMLWriter) {
        if text.contains("/") { html.wrappingText(text) } else { html.text(text) }
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
    static let fileName = "search-index.js"
    static let prefix = "window.specgenSearch="

    static let kinds: [SearchEntry.Kind: StaticString] = [
        .endpoint: "e", .field: "f", .event: "v", .definition: "d", .heading: "h", .change: "c", .proposal: "p", .page: "g",
    ]

    static func build(_ plans: [PagePlan]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(plans.reduce(0) { $0 + $1.searchEntries.count } * 48)
        func raw(_ text: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
        func number(_ value: Int) { out.append(contentsOf: String(value).utf8) }
        func quoted(_ text: String) {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case UInt8(ascii: "\n"): raw("\\n")
                case UInt8(ascii: "<"): raw("\\u003c")
                case 0..<0x20:
                    raw("\\u00")
                    out.append(contentsOf: Array(String(byte >> 4, radix: 16).utf8) + Array(String(byte & 0xF, radix: 16).utf8))
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        struct Place: Hashable {
            var page: Int
            var anchor: String
            var detail: String
        }
        var places: [Place] = []
        var placeIndex: [Place: Int] = [:]
        var entries: [(kind: SearchEntry.Kind, title: String, place: Int)] = []
        for (page, plan) in plans.enumerated() {
            for entry in plan.searchEntries {
                let place = Place(page: page, anchor: entry.anchor ?? "", detail: entry.detail)
                let index = placeIndex[place] ?? {
                    places.append(place)
                    placeIndex[place] = places.count - 1
                    return places.count - 1
                }()
                entries.append((entry.kind, entry.title, index))
            }
        }
        // Each table is an array of rows, each row an array of fields.
        func rows<Row>(_ items: [Row], _ fields: (Row) -> Void) {
            for (index, item) in items.enumerated() {
                raw(index > 0 ? ",[" : "[")
                fields(item)
                raw("]")
            }
        }
        raw("window.specgenSearch={\"pages\":[")
        rows(plans) { plan in
            quoted(plan.path)
            raw(",")
            quoted(plan.title)
        }
        raw("],\n\"places\":[")
        rows(places) { place in
            number(place.page)
            raw(",")
            quoted(place.anchor)
            raw(",")
            quoted(place.detail)
        }
        raw("],\n\"entries\":[")
        rows(entries) { entry in
            raw("\"")
            raw(kinds[entry.kind]!)
            raw("\",")
            quoted(entry.title)
            raw(",")
            number(entry.place)
        }
        raw("]};\n")
        return out
    }
}
