/// `{{% event-group group_name="m.call" %}}`: every event schema whose name starts so.
enum EventGroupShortcode: Shortcode {
    static let name = "event-group"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([.required("group_name", .event)])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let group = call["group_name"] ?? ""
        let events = context.spec.events
        let members = events.schemas.filter { $0.name.hasPrefix(group) }
            .sorted { ($0.weight ?? 0, $0.name) < ($1.weight ?? 0, $1.name) }
        if members.isEmpty {
            context.report(.shortcodeTargetNotFound, "'\(name)': no event schema starts with '\(group)'", on: &page)
        }
        let level = context.level(on: page)
        return .events(
            members.map { schema in
                page.embeddedEvents.insert(schema.name)
                let plan = context.layout.event(
                    schema, level: level, examples: events.examples(for: schema.name), anchors: &page.anchors)
                page.search += DocumentComposer.searchEntries(plan)
                return plan
            })
    }
}
