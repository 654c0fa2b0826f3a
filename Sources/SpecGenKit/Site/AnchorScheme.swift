/// How ids are made from what they name: the one place that spells out the anchor scheme of each
/// layout, so that links from the web into the published spec keep working.
///
/// - matrix-doc trees keep specgen's readable ids: `post-matrix-client-r0-account-3pid-unbind`,
///   `m.room.member`, `post-matrix-client-r0-account-3pid-unbind_request-body`.
/// - matrix-spec trees use spec.matrix.org's: `post_matrixclientv3account3pidunbind`,
///   `mroommember`, and the table ids the tree's own Hugo templates make (see ``LayoutTraits``).
struct AnchorScheme: Sendable {
    var layout: SpecLayout.Kind
    var traits: LayoutTraits

    var isHugo: Bool { layout == .matrixSpec }

    /// A heading's id from its text.
    func heading(_ text: String) -> String {
        HugoAnchor.anchorize(text)
    }

    /// An operation's heading id; `base` is `http-api`'s `anchor_base`.
    func operation(_ operation: Operation, base: String? = nil) -> String {
        guard isHugo else { return AnchorAllocator.slug("\(operation.method) \(operation.fullPath)") }
        return (base.map { $0 + "_" } ?? "") + operation.method.lowercased() + HugoAnchor.anchorize(operation.fullPath)
    }

    /// What the ids of an operation's request tables start with.
    func requestTables(of operation: Operation, id: String) -> String {
        guard isHugo else { return id }
        return traits.tableAnchors == .operation ? id + "_request" : HugoAnchor.anchorize(operation.fullPath)
    }

    /// What the ids of one response's tables start with.
    func responseTables(of operation: Operation, id: String, status: String) -> String {
        guard isHugo else { return id }
        return traits.tableAnchors == .operation ? "\(id)_response-\(status)" : HugoAnchor.anchorize(operation.fullPath)
    }

    /// A table's id from what its ids start with and its title.
    func table(base: String, title: String) -> String {
        base + "_" + (isHugo ? HugoAnchor.anchorize(title) : AnchorAllocator.slug(title))
    }

    /// An event's heading id.
    func event(_ name: String) -> String {
        isHugo ? HugoAnchor.anchorize(name) : name
    }

    /// What the ids of an event's content tables start with.
    func eventTables(_ id: String) -> String {
        isHugo ? id : id + "_content"
    }

    /// A `{{% definition %}}` section's id: gendoc's heading is "`Title` schema", and its id docutils'.
    func definition(_ title: String) -> String {
        isHugo ? "definition-" + HugoAnchor.anchorize(title) : DocutilsNames.id(title + definitionSuffix)
    }

    /// What follows a definition's title in its heading (gendoc's `schema-definition.tmpl`).
    var definitionSuffix: String { isHugo ? "" : " schema" }
}
