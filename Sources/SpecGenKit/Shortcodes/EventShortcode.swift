/// `{{% event event="m.room.member" %}}`: one event schema, with its examples.
enum EventShortcode: Shortcode {
    static let name = "event"
    /// The argument that names the event.
    static let eventArgument = "event"
    static let placement = ShortcodePlacement.block
    static let signatures = [
        ShortcodeSignature([
            .required(eventArgument, .event), .optional("title", .text), .optional("desired_example_name", .text),
        ])
    ]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        guard let type = call["event"] else { return .unknown(document: nil, source: nil) }
        let events = context.spec.events
        guard let schema = events.schema(named: type) else {
            context.report(.shortcodeTargetNotFound, "'\(name)': there is no event schema '\(type)'", on: &page)
            return .unknown(document: nil, source: nil)
        }
        page.embeddedEvents.insert(schema.name)
        let examples =
            call["desired_example_name"].map { desired in events.examples.filter { $0.name == desired } }
            ?? events.examples(for: type)
        let title = call["title"].map { SourceText($0, file: context.file, origin: context.location, indent: nil) }
        let plan = context.layout.event(
            schema, title: title, level: context.level(on: page), examples: examples, anchors: &page.anchors)
        page.search += DocumentComposer.searchEntries(plan)
        return .events([plan])
    }
}
