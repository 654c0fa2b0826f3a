/// `{{% msgtypes %}}`: every `m.room.message` msgtype, the common ones first.
enum MsgtypesShortcode: Shortcode {
    static let name = "msgtypes"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    /// The order the template lists them in, then the rest by name, less those it leaves out.
    private static let first = ["m.text", "m.emote", "m.notice", "m.image", "m.file"].map { "m.room.message$" + $0 }
    private static let excluded = ["m.room.message$m.server_notice", "m.room.message$m.key.verification.request"]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let events = context.spec.events
        let others = events.schemas.map(\.name).filter {
            $0.hasPrefix("m.room.message$") && !excluded.contains($0) && !first.contains($0)
        }
        let level = context.level(on: page)
        return .events(
            (first + others).compactMap { name -> EventPlan? in
                guard let schema = events.schema(named: name) else { return nil }
                page.embeddedEvents.insert(schema.name)
                let plan = context.layout.event(
                    schema, name: schema.variant, level: level, examples: events.examples.filter { $0.name == name },
                    anchors: &page.anchors)
                page.search += DocumentComposer.searchEntries(plan)
                return plan
            })
    }
}
