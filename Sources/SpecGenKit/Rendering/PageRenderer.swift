import Synchronization

/// Parsed Markdown by its text, so that a description shared by many operations is parsed once.
/// `specgen serve` keeps one between builds: a text parsed in the last build is not parsed again,
/// and what no build has used since is dropped.
final class MarkdownCache: Sendable {
    let parser: MarkdownParser
    /// Kept between builds (`specgen serve`): only then is remembering the checks worth its cost.
    let persists: Bool
    private let documents = BuildMemo<ExactText, (document: MarkdownDocument, problems: [MarkdownParser.Problem])>()
    private let checks = BuildMemo<SourceText, [Diagnostic]>()

    init(parser: MarkdownParser, persists: Bool = false) {
        self.parser = parser
        self.persists = persists
    }

    func parse(_ text: String) -> (document: MarkdownDocument, problems: [MarkdownParser.Problem]) {
        documents.value(for: ExactText(text)) { parser.parse(text) }
    }

    /// What a check of one text found, computed once per text and where it stands.
    func checked(_ source: SourceText, compute: () -> [Diagnostic]) -> [Diagnostic] {
        persists ? checks.value(for: source, compute: compute) : compute()
    }

    /// Starts a build: texts the last build did not use are dropped at the start of the next one.
    func startBuild() {
        documents.startBuild()
        checks.startBuild()
    }
}

/// Values by key for the build under way and the one before; a value no build used since is dropped.
final class BuildMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let state = Mutex<(current: [Prehashed<Key>: Value], previous: [Prehashed<Key>: Value])>(([:], [:]))

    func value(for key: Key, compute: () -> Value) -> Value {
        let key = Prehashed(key)
        let known = state.withLock { state -> Value? in
            if let found = state.current[key] { return found }
            guard let found = state.previous[key] else { return nil }
            state.current[key] = found
            return found
        }
        if let known { return known }
        let value = compute()
        state.withLock { $0.current[key] = value }
        return value
    }

    func startBuild() {
        state.withLock { $0 = (current: [:], previous: $0.current) }
    }
}

/// A key and its hash, computed once, outside the memo's lock: the memo's keys are whole texts,
/// which a dictionary would hash again for every lookup and store, and each time it grows.
struct Prehashed<Key: Hashable & Sendable>: Hashable, Sendable {
    let key: Key
    let hash: Int

    init(_ key: Key) {
        self.key = key
        hash = key.hashValue
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    static func == (a: Prehashed, b: Prehashed) -> Bool {
        a.hash == b.hash && a.key == b.key
    }
}

/// Renders one page's content: its document with its components, links resolved through the
/// site map. It reads nothing but its inputs; what it finds wrong (a link to no anchor) it notes.
final class PageRenderer: @unchecked Sendable {
    let map: SiteMap
    let plan: PagePlan
    let markdown: MarkdownCache
    let resolver: LinkResolver
    /// A matrix-doc tree, whose pages follow gendoc's templates: its texts are RST-flavoured
    /// (changelog entries need converting), formulas are written as docutils wrote them, and
    /// allowed values in gendoc's words.
    let followsGendoc: Bool
    private let found = Mutex<[Diagnostic]>([])
    /// Components rendered ahead, in parallel, by index.
    private(set) var prerendered: [Int: [UInt8]] = [:]

    var diagnostics: [Diagnostic] { found.withLock { $0 } }

    /// What the tree's shortcode templates read, for shortcodes in YAML descriptions.
    let shortcodeTemplates: ShortcodeTemplates

    /// The tree's version banner, written above the prose pages' content.
    let versionBanner: String?

    init(
        map: SiteMap, plan: PagePlan, markdown: MarkdownCache, followsGendoc: Bool,
        shortcodeTemplates: ShortcodeTemplates,
        versionBanner: String? = nil, questions: SiteMapQuestions? = nil
    ) {
        self.versionBanner = versionBanner
        self.shortcodeTemplates = shortcodeTemplates
        self.map = map
        self.plan = plan
        self.markdown = markdown
        self.followsGendoc = followsGendoc
        resolver = LinkResolver(map: map, page: plan, questions: questions)
    }

    func report(_ finding: Finding, source: SourceText?, at location: SourceLocation) {
        guard let source else { return }
        let diagnostic = finding.at(source.fileLocation(location), in: source.file(at: location))
        found.withLock { $0.append(diagnostic) }
    }

    /// The components worth rendering on their own, ahead of the page: endpoints, events,
    /// definitions. Pages with many of them (the client-server API) are rendered on every core.
    var heavyComponents: [Int] {
        plan.components.indices.filter { index in
            switch plan.components[index] {
            case .operations, .events, .definition, .commonFields: return true
            default: return false
            }
        }
    }

    /// One component's HTML, for ``prerender(_:)``: from `memo` when the last build rendered it
    /// from what it reads now.
    func renderComponent(_ index: Int, memo: ComponentMemo? = nil) -> [UInt8] {
        guard let memo, let component = ComponentMemo.Component(plan.components[index]) else {
            var html = HTMLWriter(capacity: 16 * 1024)
            ComponentRenderer(page: self).render(plan.components[index], inline: false, into: &html)
            return html.bytes
        }
        let (bytes, diagnostics) = memo.rendering(component, on: self) { questions in
            // Rendered on a renderer of its own, which notes what it asks and reports.
            let alone = PageRenderer(
                map: map, plan: plan, markdown: markdown, followsGendoc: followsGendoc,
                shortcodeTemplates: shortcodeTemplates, versionBanner: versionBanner, questions: questions)
            return (alone.renderComponent(index), alone.diagnostics)
        }
        found.withLock { $0 += diagnostics }
        return bytes
    }

    /// Components rendered ahead, which the page's text then takes in place.
    func prerender(_ components: [Int: [UInt8]]) {
        prerendered = components
    }

    /// The page's content, without the shell around it.
    func content() -> [UInt8] {
        var html = HTMLWriter(capacity: prerendered.values.reduce(64 * 1024) { $0 + $1.count })
        var renderer = MarkdownHTMLRenderer(context: PageContext(page: self, source: plan.source))
        if let versionBanner, case .content = plan.kind {
            renderer.render(MarkdownDocument(blocks: [.html(versionBanner, .start)]), into: &html)
        }
        renderer.render(plan.document, into: &html)
        return html.bytes
    }

    /// A text of the model (a description, a summary) rendered as Markdown.
    func writeMarkdown(_ text: SourceText, inline: Bool = false, headingOffset: Int = 3, into html: inout HTMLWriter) {
        let (document, problems) = markdown.parse(text.text)
        for problem in problems { report(problem.finding, source: text, at: problem.location) }
        var renderer = MarkdownHTMLRenderer(context: PageContext(page: self, source: text))
        renderer.headingLevelOffset = headingOffset
        renderer.headingSelfLinks = false
        if inline { renderer.renderInline(document, into: &html) } else { renderer.render(document, into: &html) }
    }

    /// A composed document of the page (an included file, a box's text).
    /// - Parameter inline: writes a one-paragraph document without its `<p>`, for text inside a paragraph.
    /// - Parameter linkBase: the source folder that the document's relative links start from, for
    ///   a text from elsewhere (a proposal's opening); the page's own otherwise.
    func writeDocument(
        _ document: MarkdownDocument, source: SourceText?, inline: Bool = false, linkBase: String? = nil,
        into html: inout HTMLWriter
    ) {
        var context = PageContext(page: self, source: source)
        if let linkBase {
            var plan = plan
            plan.relativeLinkBase = linkBase
            context.resolver = LinkResolver(map: map, page: plan, questions: resolver.questions)
        }
        var renderer = MarkdownHTMLRenderer(context: context)
        if inline { renderer.renderInline(document, into: &html) } else { renderer.render(document, into: &html) }
    }
}

/// The Markdown renderer's view of a page: links through the site map, shortcodes and components
/// through the page's renderers.
struct PageContext: MarkdownRenderingContext {
    let page: PageRenderer
    /// The text being rendered, for positions in diagnostics.
    let source: SourceText?
    /// How links resolve: as on the page, unless the text comes from elsewhere.
    var resolver: LinkResolver

    init(page: PageRenderer, source: SourceText?) {
        self.page = page
        self.source = source
        resolver = page.resolver
    }

    func href(forDestination destination: String, at location: SourceLocation) -> String? {
        switch resolver.resolve(destination) {
        case .href(let href): return href
        case .none(let reason):
            if let reason { page.report(reason, source: source, at: location) }
            return nil
        }
    }

    func href(forCode code: String) -> String? { resolver.href(forCode: code) }

    func mentions(in text: String) -> [TextSegment]? { resolver.mentions(in: text) }

    func writeAfterHeading(id: String, into html: inout HTMLWriter) {
        ProposalNoteWriter(page: page).write(for: page.plan.path + "#" + id, into: &html)
    }

    func renderMath(_ tex: String, display: Bool, at location: SourceLocation, into html: inout HTMLWriter) {
        if let unknown = MathWriter.write(
            tex, display: display, style: page.followsGendoc ? .docutils : .mathML, into: &html)
        {
            page.report(
                Finding(
                    .unknownTeX,
                    "the TeX command '\\\(unknown)' is not one specgen converts; the formula is shown as written"),
                source: source, at: location)
        }
    }

    func renderComponent(_ index: Int, inline: Bool, into html: inout HTMLWriter) {
        guard index < page.plan.components.count else { return }
        if let bytes = page.prerendered[index] {
            html.raw(bytes)
            return
        }
        ComponentRenderer(page: page).render(page.plan.components[index], inline: inline, into: &html)
    }

    /// Shortcodes in YAML descriptions, which are not composed: boxes and version badges.
    func renderShortcode(_ call: ShortcodeCall, inline: Bool, into html: inout HTMLWriter) {
        var innerSource: SourceText?
        if let source {
            innerSource = source
            innerSource!.origin = source.fileLocation(call.innerOrigin)
        }
        func showInner() {
            if let inner = call.inner { page.writeDocument(inner, source: innerSource, into: &html) }
        }
        page.resolver.questions?.noteTemplates(page.shortcodeTemplates)
        guard let (entry, bound, findings) = ShortcodeRegistry.bind(call, templates: page.shortcodeTemplates) else {
            page.report(
                ShortcodeRegistry.unknown(call, templates: page.shortcodeTemplates), source: source, at: call.location)
            return showInner()
        }
        for (finding, location) in findings { page.report(finding, source: source, at: location) }
        guard var component = entry.describe(bound, inline: inline) else {
            page.report(
                Finding(
                    .misplacedShortcode,
                    "'\(call.name)' cannot stand in a description, which is shown where the API is; only the text inside it is shown"
                ), source: source, at: call.location)
            return showInner()
        }
        if case .box(let kind, let document, nil) = component {
            component = .box(kind: kind, document: document, source: innerSource)
        }
        ComponentRenderer(page: page).render(component, inline: inline, into: &html)
    }
}
