/// Resolves the references of one RST page once all of it is read: names against its targets and
/// section titles, anonymous references in order, substitutions, footnotes. A name the page does
/// not define is reported and shown as text.
struct RSTPageResolver {
    var definitions: RSTDefinitions
    /// Rewrites a URI a target gives (gendoc's page URLs become the site's).
    var rewrite: (String) -> String
    var findings: [(Finding, SourceLocation)] = []
    private var anonymousUsed = 0
    private var footnotesUsed = 0

    init(definitions: RSTDefinitions, rewrite: @escaping (String) -> String) {
        self.definitions = definitions
        self.rewrite = rewrite
    }

    mutating func resolve(_ blocks: [MarkdownBlock]) -> [MarkdownBlock] {
        collectLabels(blocks)
        return blocks.map { resolve($0) }
    }

    /// `text <https://…>`_ defines `text` too, wherever on the page it is written.
    private mutating func collectLabels(_ blocks: [MarkdownBlock]) {
        var labels: [(String, String)] = []
        MarkdownDocument.walk(
            blocks, block: { _ in },
            inline: { inline in
                if case .link(let destination, _, _, _) = inline,
                    destination.hasPrefix(RSTReference.scheme + "uri:")
                {
                    let body = destination.dropFirst(RSTReference.scheme.count + 4)
                    if let separator = body.firstIndex(of: "\u{0}") {
                        labels.append((String(body[..<separator]), String(body[body.index(after: separator)...])))
                    }
                }
            })
        for (label, uri) in labels where !label.isEmpty && definitions.uris[label] == nil {
            definitions.uris[label] = uri
        }
    }

    private mutating func resolve(_ block: MarkdownBlock) -> MarkdownBlock {
        switch block {
        case .paragraph(let inlines): return .paragraph(resolve(inlines))
        case .heading(var heading):
            heading.content = resolve(heading.content)
            return .heading(heading)
        case .blockQuote(let blocks): return .blockQuote(blocks.map { resolve($0) })
        case .list(var list):
            list.items = list.items.map { $0.map { resolve($0) } }
            return .list(list)
        case .definitionList(var items):
            for index in items.indices {
                items[index].terms = items[index].terms.map { resolve($0) }
                items[index].definitions = items[index].definitions.map { $0.map { resolve($0) } }
            }
            return .definitionList(items)
        case .table(var table):
            table.header = table.header.map { resolve($0) }
            table.rows = table.rows.map { $0.map { resolve($0) } }
            return .table(table)
        case .shortcode(var call):
            if let inner = call.inner { call.inner = MarkdownDocument(blocks: inner.blocks.map { resolve($0) }) }
            return .shortcode(call)
        case .code, .html, .thematicBreak, .math, .component:
            return block
        }
    }

    private mutating func resolve(_ inlines: [MarkdownInline]) -> [MarkdownInline] {
        inlines.flatMap { inline -> [MarkdownInline] in
            switch inline {
            case .link(let destination, let title, let content, let location):
                guard destination.hasPrefix(RSTReference.scheme) else {
                    return [
                        .link(destination: destination, title: title, content: resolve(content), location: location)
                    ]
                }
                return pending(String(destination.dropFirst(RSTReference.scheme.count)), content, at: location)
            case .emphasis(let children): return [.emphasis(resolve(children))]
            case .strong(let children): return [.strong(resolve(children))]
            default: return [inline]
            }
        }
    }

    private mutating func pending(_ marker: String, _ content: [MarkdownInline], at location: SourceLocation)
        -> [MarkdownInline]
    {
        func link(_ destination: String, _ content: [MarkdownInline]) -> [MarkdownInline] {
            [.link(destination: destination, title: "", content: content, location: location)]
        }
        if marker.hasPrefix("name:") {
            let name = String(marker.dropFirst(5))
            guard let destination = target(named: name) else {
                findings.append(
                    (
                        Finding(.brokenLink, "'\(name)'_ names no target or section of this page; it is shown as text"),
                        location
                    ))
                return content
            }
            return link(destination, content)
        }
        if marker.hasPrefix("uri:"), let separator = marker.firstIndex(of: "\u{0}") {
            return link(rewrite(String(marker[marker.index(after: separator)...])), content)
        }
        if marker == "anonymous:" {
            guard anonymousUsed < definitions.anonymous.count else {
                findings.append(
                    (
                        Finding(
                            .brokenLink,
                            "an anonymous reference without a target ('__ url') for it; it is shown as text"), location
                    ))
                return content
            }
            anonymousUsed += 1
            let target = definitions.anonymous[anonymousUsed - 1]
            // `__ name_`: an anonymous target that is another name's.
            if target.hasSuffix("_"), !target.hasSuffix("\\_") {
                var name = target.dropLast()
                if name.hasPrefix("`"), name.hasSuffix("`"), name.count > 1 { name = name.dropFirst().dropLast() }
                if let destination = self.target(named: DocutilsNames.normalized(String(name))) {
                    return link(destination, content)
                }
                findings.append(
                    (
                        Finding(.brokenLink, "'\(name)'_ names no target or section of this page; it is shown as text"),
                        location
                    ))
                return content
            }
            return link(rewrite(target), content)
        }
        if marker.hasPrefix("footnote:") {
            footnotesUsed += 1
            let number = footnotesUsed
            return [.html("<sup>", location)] + link("#footnote-\(number)", [.text("[\(number)]")]) + [
                .html("</sup>", location)
            ]
        }
        if marker.hasPrefix("substitution:") {
            let body = marker.dropFirst(13)
            let parts = body.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let text = definitions.substitutions[name] ?? [.text(name)]
            guard parts.count == 2 else {
                if definitions.substitutions[name] == nil {
                    findings.append(
                        (
                            Finding(
                                .brokenLink,
                                "the substitution '|\(name)|' is not defined on this page; its name is shown"), location
                        ))
                }
                return resolve(text)
            }
            let targetName = parts[1].isEmpty ? DocutilsNames.normalized(name) : String(parts[1])
            if let destination = target(named: targetName) { return link(destination, resolve(text)) }
            // `|/sync|_` names an endpoint, or a target of the prose: the site resolves it.
            return link(RSTCompatibility.substitutionScheme + name, resolve(text))
        }
        return content
    }

    /// Where a name leads: a URI, an id on this page, or an indirect target's.
    private func target(named name: String) -> String? {
        var name = name
        for _ in 0..<8 {
            if let uri = definitions.uris[name] {
                let indirect = RSTReference.scheme + "name:"
                guard uri.hasPrefix(indirect) else { return rewrite(uri) }
                name = String(uri.dropFirst(indirect.count))
                continue
            }
            return definitions.ids[name].map { "#" + $0 }
        }
        return nil
    }
}
