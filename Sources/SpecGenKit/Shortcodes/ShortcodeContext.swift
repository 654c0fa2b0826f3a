/// Where a shortcode is composed: the page's composer, the call's place, and ways to report
/// problems and compose nested text.
struct ShortcodeContext {
    let composer: DocumentComposer
    let call: ShortcodeCall
    /// The text the call is in, for positions; `nil` for generated text.
    let source: SourceText?
    /// Whether the call sits inside a paragraph.
    let inline: Bool

    var spec: Spec { composer.spec }
    var layout: ComponentLayout { composer.layout }
    var file: String { source?.file(at: call.location) ?? "" }
    /// Where the call is in its file.
    var location: SourceLocation { source.map { $0.fileLocation(call.location) } ?? call.location }
    /// The heading level of what the call shows: one below the heading it follows.
    func level(on page: PageComposition) -> Int { min(6, page.headingLevel + 1) }

    /// Reports a problem at the call.
    func report(_ id: DiagnosticID, _ message: String, on page: inout PageComposition) {
        page.diagnostics.append(Diagnostic(id, message, file: file, at: location))
    }

    /// The text the call encloses, with its positions.
    var innerSource: SourceText? {
        guard var inner = source else { return nil }
        inner.origin = inner.fileLocation(call.innerOrigin)
        return inner
    }

    /// The text the call encloses, composed onto the page.
    func composeInner(on page: inout PageComposition) -> MarkdownDocument? {
        call.inner.map { composer.compose($0, source: innerSource, into: &page) }
    }

    /// Another text composed onto the page, by this page's composer with `adjust` applied.
    func compose(
        _ document: MarkdownDocument, source: SourceText?, on page: inout PageComposition,
        adjust: (inout DocumentComposer) -> Void = { _ in }
    ) -> MarkdownDocument {
        var nested = composer
        adjust(&nested)
        return nested.compose(document, source: source, into: &page)
    }
}
