/// `{{% event-fields event_type="room_event" %}}`: the fields every event of a kind has.
enum EventFieldsShortcode: Shortcode {
    static let name = "event-fields"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([.required("event_type", .event)])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let type = call["event_type"] ?? ""
        guard let fields = context.spec.events.cores[type] else {
            context.report(.shortcodeTargetNotFound, "'\(name)': there is no core event schema '\(type)'", on: &page)
            return .unknown(document: nil, source: nil)
        }
        let plan = context.layout.commonFields(
            fields, id: nil, idBase: "common-" + type, inherits: nil, anchors: &page.anchors)
        return .commonFields(plan)
    }
}
