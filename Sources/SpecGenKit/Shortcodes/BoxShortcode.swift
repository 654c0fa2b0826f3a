/// `{{% boxes/note %}}…{{% /boxes/note %}}` and its siblings: text in a box with a title.
enum BoxShortcode: Shortcode {
    static let name = "boxes/note"
    static let otherNames = ["boxes/warning", "boxes/rationale", "boxes/added-in-paragraph"]
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    /// The shortcode of a kind of box: `boxes/warning` for `warning`.
    static func name(ofKind kind: String) -> String { "boxes/" + kind }

    /// `note` for `boxes/note`.
    private static func kind(_ call: BoundShortcode) -> String {
        String(call.name.split(separator: "/").last ?? "note")
    }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        .box(
            kind: kind(call), document: context.composeInner(on: &page) ?? .empty, source: context.innerSource)
    }

    /// `**NOTE:** `: the box's kind, before its text.
    static func plainMarkdown(name: String, version: String?) -> String? {
        "**\(String(name.split(separator: "/").last ?? "note").uppercased()):** "
    }

    static func describe(_ call: BoundShortcode, inline: Bool) -> PageComponent? {
        .box(kind: kind(call), document: call.call.inner ?? .empty, source: nil)
    }
}
