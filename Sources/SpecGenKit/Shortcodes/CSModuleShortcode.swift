/// `{{% cs-module name="Instant Messaging" filename="instant_messaging" %}}`: a module of the
/// client-server API, included from its bundle. Until v1.17 `name` was the file.
enum CSModuleShortcode: Shortcode {
    static let name = "cs-module"
    static let placement = ShortcodePlacement.block
    static let signatures = [
        ShortcodeSignature([.required("name", .text), .required("filename", .page)]),
        ShortcodeSignature([.required("name", .page)]),
    ]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        guard let file = call.value(of: .page) else { return .unknown(document: nil, source: nil) }
        let bundle = context.spec.traits.includeBundles[name] ?? "client-server-api/modules"
        let title = call.signature.argument("name")?.kind == .text ? call["name"] : nil
        return Include.compose(file, from: bundle, in: context, page: &page) { composer in
            if let title { composer.module = title }
        }
    }

    static func read(template: String, into traits: inout LayoutTraits) {
        if let bundle = Include.bundle(inTemplate: template) { traits.includeBundles[name] = bundle }
    }
}

/// What the shortcodes that include a page share.
enum Include {
    /// How many includes deep a page may go, a bound against loops that the include stack misses.
    static let maximumDepth = 16
    /// How many includes, and how much text, one page may have in all: a bound against a page that
    /// includes another twice, which includes another twice, and so on. The v1.19 client-server
    /// page has 44 includes of 0.6 MB.
    static let maximumCount = 1000
    static let maximumBytes = 32 << 20

    /// The page `name` of `bundle`, composed in place.
    static func compose(
        _ name: String, from bundle: String, in context: ShortcodeContext, page: inout PageComposition,
        adjust: (inout DocumentComposer) -> Void = { _ in }
    ) -> PageComponent {
        let shortcode = context.call.name
        guard let included = context.composer.resources.resource(in: bundle, name: name) else {
            context.report(
                .includeNotFound, "'\(shortcode)': there is no page '\(name).md' in content/\(bundle)/ to include",
                on: &page)
            return .unknown(document: nil, source: nil)
        }
        return compose(included, in: context, page: &page, adjust: adjust)
    }

    /// A page composed in place, unless it is already being included or includes nest too deep.
    static func compose(
        _ included: ContentPage, in context: ShortcodeContext, page: inout PageComposition,
        adjust: (inout DocumentComposer) -> Void = { _ in }
    ) -> PageComponent {
        let shortcode = context.call.name
        let name = SourcePath.name(included.file)
        if context.composer.includeStack.contains(included.file) {
            context.report(
                .limitExceeded, "'\(shortcode)' includes '\(name)' inside itself; it is not included again", on: &page)
            return .unknown(document: nil, source: nil)
        }
        guard context.composer.includeStack.count < maximumDepth else {
            context.report(
                .limitExceeded,
                "'\(shortcode)': includes nest more than \(maximumDepth) deep; '\(name)' is not included",
                on: &page)
            return .unknown(document: nil, source: nil)
        }
        let size = included.body.text.utf8.count
        guard page.includeCount < maximumCount, page.includedBytes + size <= maximumBytes else {
            // Said once: what follows is the same problem.
            if !page.includeLimitReported {
                context.report(
                    .limitExceeded,
                    "'\(shortcode)': the page has more than \(maximumCount) includes or \(maximumBytes >> 20) MiB of included text; '\(name)' and what follows are not included",
                    on: &page)
                page.includeLimitReported = true
            }
            return .unknown(document: nil, source: nil)
        }
        page.includeCount += 1
        page.includedBytes += size
        page.parts.insert(PageCache.part(content: included.file))
        let document = context.compose(included.document, source: included.body, on: &page) { composer in
            composer.includeStack.append(included.file)
            adjust(&composer)
        }
        return .include(document: document, source: included.body)
    }

    /// The bundle a template includes from: `.Site.GetPage "client-server-api/modules"`.
    static func bundle(inTemplate template: String) -> String? {
        guard let call = template.range(of: "GetPage \""), let end = template[call.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return String(template[call.upperBound..<end]).trimming("/")
    }
}
