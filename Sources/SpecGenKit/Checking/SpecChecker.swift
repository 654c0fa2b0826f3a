/// The checks on the model that loading alone does not make: path parameters, operation ids,
/// endpoints defined twice, examples against their schemas, Redocly's rules on paths, operations
/// and schemas, markup that could run script, and characters that make source and page read
/// differently. It reads the model only.
struct SpecChecker {
    let spec: Spec
    let markdown: MarkdownCache

    /// Adds the checks to the pass, one job per file's worth of the spec; what it returns gives
    /// their findings once the pass has run. A text that two jobs reach (a schema two API files
    /// share) is checked by both, and what it finds comes twice: a build's diagnostics are
    /// deduplicated.
    func check(in pass: ParallelPass) -> () -> [Diagnostic] {
        var jobs = [
            pass.add(cost: 0, checkDuplicates), pass.add(cost: 0, checkEvents), pass.add(cost: 0, checkIdentifiers),
        ]
        for document in spec.apis.flatMap(\.documents) {
            jobs.append(
                pass.add(cost: 0) { checkOperations(of: document) + checkTexts { $0.operations(of: document) } })
        }
        for event in spec.events.schemas { jobs.append(pass.add(cost: 0) { checkTexts { $0.schema(event.schema) } }) }
        for common in spec.events.common { jobs.append(pass.add(cost: 0) { checkTexts { $0.schema(common.schema) } }) }
        for case .schema(let definition) in spec.shortcodeData.values {
            jobs.append(pass.add(cost: 0) { checkTexts { $0.schema(definition) } })
        }
        jobs.append(pass.add(cost: 0) { checkTexts { $0.changelogs(spec.changelogs) } })
        for proposal in spec.proposals {
            jobs.append(
                pass.add(cost: proposal.text.text.utf8.count) {
                    checked(proposal.text, isProse: false) { proposal.document.blocks }
                })
        }
        for page in spec.content {
            jobs.append(pass.add(cost: page.body.text.utf8.count) { checked(page.body) { page.document.blocks } })
        }
        // The order does not matter: a build's diagnostics are sorted for display.
        return { jobs.values().flatMap { $0 } }
    }

    // MARK: Operations

    /// Operation ids and endpoints that two operations of one API share.
    private func checkDuplicates() -> [Diagnostic] {
        var found: [Diagnostic] = []
        for api in spec.apis {
            var operationIDs: [String: Operation] = [:]
            var endpoints: [String: Operation] = [:]
            for operation in api.documents.flatMap(\.operations) {
                if let id = operation.operationID {
                    if let first = operationIDs[id] {
                        found.append(
                            Diagnostic(
                                .duplicateOperationID,
                                "operationId '\(id)' is also used by \(first.endpoint) (\(first.file):\(first.location.line))",
                                file: operation.file, at: operation.location))
                    } else {
                        operationIDs[id] = operation
                    }
                }
                if let first = endpoints[operation.endpoint] {
                    found.append(
                        Diagnostic(
                            .duplicateOperation,
                            "\(operation.endpoint) is also defined in \(first.file):\(first.location.line); both are shown",
                            file: operation.file, at: operation.location))
                } else {
                    endpoints[operation.endpoint] = operation
                }
            }
        }
        return found
    }

    /// Each operation's path parameters, and its examples against their schemas.
    private func checkOperations(of document: APIDocument) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let examples = ExampleValidator()
        found += Self.ambiguousPaths(in: document)
        for operation in document.operations {
            found += pathParameterProblems(operation)
            found += Self.formProblems(operation)
            let name = operation.endpoint
            for parameter in operation.parameters {
                guard let example = parameter.example ?? parameter.schema.example else { continue }
                found += examples.validate(
                    example, against: parameter.schema, subject: "example of the \(parameter.name) parameter of \(name)"
                )
            }
            if let body = operation.requestBody, let schema = body.schema {
                for example in body.examples where example.contentType.map(ComponentLayout.isJSON) ?? true {
                    found += examples.validate(example.value, against: schema, subject: "request example of \(name)")
                }
                if body.examples.isEmpty, let example = schema.example {
                    found += examples.validate(example, against: schema, subject: "request example of \(name)")
                }
            }
            for response in operation.responses {
                guard let body = response.body, let schema = body.schema else { continue }
                for example in body.examples where example.contentType.map(ComponentLayout.isJSON) ?? true {
                    found += examples.validate(
                        example.value, against: schema, subject: "\(response.status) example of \(name)")
                }
            }
        }
        return found
    }

    /// Paths of one document that a request could match both, as Redocly decides: the same
    /// number of segments, each pair equal or one of them a `{parameter}`, and as many
    /// parameters in each.
    static func ambiguousPaths(in document: APIDocument) -> [Diagnostic] {
        var seen: [(path: String, segments: [Substring])] = []
        var found: [Diagnostic] = []
        for operation in document.operations where !seen.contains(where: { $0.path == operation.path }) {
            let segments = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            let isParameter = { (segment: Substring) in segment.count > 2 && segment.first == "{" && segment.last == "}"
            }
            let clash = seen.first { other in
                guard other.segments.count == segments.count else { return false }
                let pairs = zip(other.segments, segments)
                return pairs.allSatisfy { isParameter($0) || isParameter($1) || $0 == $1 }
                    && other.segments.filter(isParameter).count == segments.filter(isParameter).count
            }
            if let clash {
                found.append(
                    Diagnostic(
                        .ambiguousPaths, "a request to \(operation.path) could also be one to \(clash.path)",
                        file: operation.file, at: operation.location))
            }
            seen.append((operation.path, segments))
        }
        return found
    }

    /// An operation's form as Redocly's rules want it: a summary, a URL-safe operationId, a path
    /// without a query string or an empty `{}`.
    static func formProblems(_ operation: Operation) -> [Diagnostic] {
        var problems: [String] = []
        if operation.summary?.text.isEmpty ?? true { problems.append("has no summary") }
        if operation.operationID?.isEmpty ?? true { problems.append("has no operationId") }
        if let id = operation.operationID, !id.unicodeScalars.allSatisfy(Self.urlSafe.contains) {
            problems.append("has an operationId, '\(id)', with characters a URL does not allow")
        }
        var findings = problems.map {
            Diagnostic(.operationSyntax, "\(operation.endpoint) \($0)", file: operation.file, at: operation.location)
        }
        if operation.path.containsByte(UInt8(ascii: "?")) {
            findings.append(
                Diagnostic(
                    .pathSyntax, "the path \(operation.path) holds a query string; write it as query parameters",
                    file: operation.file, at: operation.location))
        }
        if operation.path.contains("{}") {
            findings.append(
                Diagnostic(
                    .pathSyntax, "the path \(operation.path) has an empty {}: name the parameter",
                    file: operation.file, at: operation.location))
        }
        return findings
    }

    /// The characters RFC 3986 allows in a URL unescaped.
    private static let urlSafe = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=".unicodeScalars)

    /// `{param}` in the path without a path parameter, and path parameters the path lacks.
    private func pathParameterProblems(_ operation: Operation) -> [Diagnostic] {
        var inPath: [String] = []
        var rest = operation.path[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            inPath.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        let declared = operation.parameters.filter { $0.location == .path }.map(\.name)
        var problems: [Diagnostic] = []
        for name in inPath where !declared.contains(name) {
            problems.append(
                Diagnostic(
                    .undeclaredPathParameter,
                    "path parameter '{\(name)}' of \(operation.method) \(operation.path) is not declared",
                    file: operation.file, at: operation.location))
        }
        for name in declared where !inPath.contains(name) {
            problems.append(
                Diagnostic(
                    .unusedPathParameter,
                    "path parameter '\(name)' is declared but \(operation.path) has no '{\(name)}'",
                    file: operation.file, at: operation.location))
        }
        return problems
    }

    // MARK: Events

    private func checkEvents() -> [Diagnostic] {
        let validator = ExampleValidator()
        var found: [Diagnostic] = []
        for example in spec.events.examples {
            // An example belongs to the schema of its name, else to the event before its `$`.
            let base = String(example.name.split(separator: "$").first ?? "")
            guard let schema = spec.events.schema(named: example.name) ?? spec.events.schema(named: base) else {
                continue
            }
            found += validator.validate(example.value, against: schema.schema, subject: "example of \(example.name)")
        }
        return found
    }

    // MARK: Texts

    /// The texts that `collect` finds, checked.
    private func checkTexts(_ collect: (inout TextCollector) -> Void) -> [Diagnostic] {
        var collector = TextCollector()
        collect(&collector)
        return collector.texts.flatMap { source in checked(source) { markdown.parse(source.text).document.blocks } }
            + collector.schemas.flatMap(Self.enumTypeProblems) + collector.schemas.flatMap(Self.undefinedRequired)
    }

    /// What a text holds that could run script; found once per text and where it stands.
    /// - Parameter isProse: whether the text is the spec's own, which Hugo reads shortcodes in
    ///   when the tree is a matrix-spec one (proposals are not).
    private func checked(_ source: SourceText, isProse: Bool = true, blocks: () -> [MarkdownBlock]) -> [Diagnostic] {
        let readsShortcodes = isProse && spec.layout.kind == .matrixSpec
        return markdown.checked(source) {
            Self.findings(in: blocks(), source: source, readsShortcodes: readsShortcodes)
        }
    }

    /// Enum values of another type than their schema states.
    static func enumTypeProblems(_ schema: Schema) -> [Diagnostic] {
        guard !schema.types.isEmpty else { return [] }
        return schema.enumValues.compactMap { value in
            guard !schema.types.contains(where: { ExampleValidator.matches(value, type: $0) }) else { return nil }
            return Diagnostic(
                .enumTypeMismatch,
                "the enum value \(JSONWriter.inline(value)) is \(value.kindName), not of the schema's type (\(schema.types.joined(separator: ", ")))",
                file: value.file, at: value.location)
        }
    }

    /// Required names that no property defines, in the schema or its `anyOf` members (`allOf`
    /// is merged when read), as Redocly's `no-required-schema-properties-undefined` finds them.
    static func undefinedRequired(_ schema: Schema) -> [Diagnostic] {
        guard !schema.required.isEmpty else { return [] }
        var defined = Set<String>()
        var queue = [schema]
        var seen = Set<ObjectIdentifier>()
        while let next = queue.popLast() {
            guard seen.insert(ObjectIdentifier(next)).inserted else { continue }
            defined.formUnion(next.properties.map(\.name))
            queue += next.anyOf
        }
        return schema.required.subtracting(defined).sorted().map { name in
            let written = schema.requiredNodes.first { $0.string == name }
            return Diagnostic(
                .requiredUndefined, "'\(name)' is required, but no property of the schema defines it",
                file: written?.file ?? schema.file, at: written?.location ?? schema.location)
        }
    }

    /// The texts that could hold markup that runs script (shown as text, and said so here): the
    /// descriptions of operations, schemas and changelog entries; and the schemas themselves.
    /// Each schema is visited once.
    private struct TextCollector {
        var texts: [SourceText] = []
        var schemas: [Schema] = []
        private var seenSchemas = Set<ObjectIdentifier>()

        mutating func text(_ source: SourceText?) {
            guard let source, Self.mayHoldMarkup(source.text) else { return }
            texts.append(source)
        }

        /// Raw HTML (`<`), or a link: `](` inline, `]:` by reference.
        private static func mayHoldMarkup(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                for index in 0..<bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "<"): return true
                    case UInt8(ascii: "]")
                    where index + 1 < bytes.count
                        && (bytes[index + 1] == UInt8(ascii: "(") || bytes[index + 1] == UInt8(ascii: ":")):
                        return true
                    default: continue
                    }
                }
                return false
            }
        }

        mutating func schema(_ schema: Schema?) {
            guard let schema, seenSchemas.insert(ObjectIdentifier(schema)).inserted else { return }
            schemas.append(schema)
            text(schema.description)
            for note in schema.versionNotes.changedIn { text(note.text) }
            for property in schema.properties { self.schema(property.schema) }
            for property in schema.patternProperties { self.schema(property.schema) }
            self.schema(schema.items)
            self.schema(schema.additionalProperties)
            for child in schema.prefixItems { self.schema(child) }
            for child in schema.oneOf { self.schema(child) }
            for child in schema.anyOf { self.schema(child) }
        }

        mutating func operations(of document: APIDocument) {
            for operation in document.operations {
                text(operation.summary)
                text(operation.description)
                for note in operation.versionNotes.changedIn { text(note.text) }
                for parameter in operation.parameters {
                    text(parameter.description)
                    schema(parameter.schema)
                }
                text(operation.requestBody?.description)
                schema(operation.requestBody?.schema)
                for response in operation.responses {
                    text(response.description)
                    for header in response.headers {
                        text(header.description)
                        schema(header.schema)
                    }
                    schema(response.body?.schema)
                }
            }
        }

        mutating func changelogs(_ changelogs: Changelogs) {
            for api in changelogs.unreleased {
                for entry in api.categories.flatMap(\.entries) { text(entry.text) }
            }
        }
    }

    /// Raw HTML that the allowlist shows as text because it could run script, and unsafe links.
    /// - Parameter readsShortcodes: whether the text is a matrix-spec tree's, where Hugo reads shortcodes.
    private static func findings(in blocks: [MarkdownBlock], source: SourceText, readsShortcodes: Bool) -> [Diagnostic]
    {
        var found: [Diagnostic] = []
        func report(_ html: String, at location: SourceLocation) {
            for finding in RawHTML.findings(in: html) {
                found.append(
                    Diagnostic(
                        .unsafeHTML,
                        "\(finding.reason) could run script; '\(finding.markup)…' is shown as text and never run",
                        file: source.file(at: location.movedDown(finding.line)),
                        at: source.fileLocation(location.movedDown(finding.line))))
            }
        }
        MarkdownDocument.walkLocated(
            blocks,
            block: { block, origin in
                switch block {
                case .html(let html, let location): report(html, at: location.relative(to: origin))
                case .paragraph(let inlines):
                    for written in readsShortcodes ? Self.shortcodeLookalikes(in: inlines) : [] {
                        found.append(
                            Diagnostic(
                                .shortcodeSyntax,
                                "'\(written.prefix(80))' is not read as a shortcode: Hugo calls one with '{{% … %}}' or '{{< … >}}'; it is shown as written",
                                file: source.file,
                                at: source.fileLocation(Self.location(ofText: written, in: source.text)))
                        )
                    }
                    for written in Self.unreadLinks(in: inlines) {
                        found.append(
                            Diagnostic(
                                .linkSyntax,
                                "'\(written.prefix(80))' is not read as a link: a destination holds no spaces unless written in <…>; it is shown as written",
                                file: source.file, at: source.fileLocation(Self.location(of: written, in: source.text)))
                        )
                    }
                default: break
                }
            },
            inline: { inline, origin in
                switch inline {
                case .html(let html, let location): report(html, at: location.relative(to: origin))
                case .link(let destination, _, _, let location), .image(let destination, _, _, let location):
                    if let problem = Self.unsafeLink(destination) {
                        found.append(
                            Diagnostic(
                                .unsafeHTML, problem, file: source.file(at: location.relative(to: origin)),
                                at: source.fileLocation(location.relative(to: origin))))
                    }
                default: break
                }
            })
        return found
    }

    /// Text that reads `[label](destination)` but that cmark left as text, which shows its brackets on the page.
    static func unreadLinks(in inlines: [MarkdownInline]) -> [String] {
        guard shows(UInt8(ascii: "]"), in: inlines, withCode: true, withLinks: false) else { return [] }
        let text = shownText(of: inlines, withCode: true, withLinks: false)
        guard text.containsBytes("](") else { return [] }
        return text.matches(of: /\[[^\]\u{0}]+\]\([^)\u{0}]*\)/).map { String($0.output) }
    }

    /// A known shortcode's name between plain braces (`{{ boxes/rationale }}`), which Hugo leaves as
    /// text: the author meant a shortcode. Code spans are not looked at.
    static func shortcodeLookalikes(in inlines: [MarkdownInline]) -> [String] {
        guard shows(UInt8(ascii: "{"), in: inlines, withCode: false, withLinks: true) else { return [] }
        let text = shownText(of: inlines, withCode: false, withLinks: true)
        guard text.containsBytes("{{") else { return [] }
        return text.matches(of: /\{\{\s*([A-Za-z][\w\/-]*)(?:\s[^{}\u{0}]*)?\}\}/).compactMap { match in
            ShortcodeRegistry.names.contains(String(match.output.1)) ? String(match.output.0) : nil
        }
    }

    /// Whether the text ``shownText(of:withCode:withLinks:)`` gives holds `byte`, found without
    /// making it: most paragraphs hold no bracket or brace, and are not joined into one string.
    static func shows(_ byte: UInt8, in inlines: [MarkdownInline], withCode: Bool, withLinks: Bool) -> Bool {
        inlines.contains { inline in
            switch inline {
            case .text(let value): value.containsByte(byte)
            case .code(let value) where withCode: value.containsByte(byte)
            case .emphasis(let children), .strong(let children):
                shows(byte, in: children, withCode: withCode, withLinks: withLinks)
            case .link(_, _, let children, _) where withLinks:
                shows(byte, in: children, withCode: withCode, withLinks: withLinks)
            default: false
            }
        }
    }

    /// The text of inlines as the page shows it, inside emphasis (and links and code spans when
    /// asked); anything else is a NUL, which no pattern looked for crosses.
    static func shownText(of inlines: [MarkdownInline], withCode: Bool, withLinks: Bool) -> String {
        var text = ""
        func add(_ inlines: [MarkdownInline]) {
            for inline in inlines {
                switch inline {
                case .text(let value): text += value
                case .code(let value) where withCode: text += value
                case .softBreak: text += "\n"
                case .emphasis(let children), .strong(let children): add(children)
                case .link(_, _, let children, _) where withLinks: add(children)
                default: text += "\u{0}"
                }
            }
        }
        add(inlines)
        return text
    }

    /// Where a text first occurs in its source, as a 1-based line and column; the start if nowhere.
    private static func location(ofText written: String, in text: String) -> SourceLocation {
        guard let range = text.range(of: written) else { return .start }
        return location(at: range.lowerBound, in: text)
    }

    /// An index of a text as a 1-based line and column (in bytes).
    private static func location(at index: String.Index, in text: String) -> SourceLocation {
        let before = text[..<index]
        let line = before.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return SourceLocation(line: line, column: before.utf8.distance(from: lineStart, to: index) + 1)
    }

    /// Where link syntax starts in its source, as a 1-based line and column: its `](…)` is written
    /// verbatim, its label maybe with markup. The text's start when it cannot be found.
    private static func location(of written: String, in text: String) -> SourceLocation {
        guard let bracket = written.range(of: "](", options: .backwards),
            let tail = text.range(of: written[bracket.lowerBound...])
        else { return .start }
        var depth = 0
        var start = tail.lowerBound
        for index in text[..<tail.lowerBound].indices.reversed() {
            if text[index] == "]" { depth += 1 }
            if text[index] == "[" {
                if depth == 0 {
                    start = index
                    break
                }
                depth -= 1
            }
        }
        return location(at: start, in: text)
    }

    /// Why a link destination is not made a link: a scheme other than http(s) and mailto.
    static func unsafeLink(_ destination: String) -> String? {
        guard !destination.hasPrefix(RSTCompatibility.substitutionScheme), !URLPolicy.allows(destination) else {
            return nil
        }
        let scheme = destination.prefix { $0 != ":" }
        return
            "the link '\(destination.prefix(50))' uses the scheme '\(scheme)', not http(s), mailto or a relative path; it is shown as text"
    }

    // MARK: Identifiers

    /// Unicode bidirectional controls make a name read one way in the source and another on the page.
    static let bidiControls: Set<Unicode.Scalar> = [
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{200E}", "\u{200F}", "\u{061C}",
    ]

    static func bidiControl(in text: String) -> Unicode.Scalar? {
        // Their UTF-8 starts with 0xD8 (U+061C) or 0xE2 (the others): two memchr calls rule most texts out.
        guard text.containsByte(0xE2) || text.containsByte(0xD8) else { return nil }
        return text.unicodeScalars.first { bidiControls.contains($0) }
    }

    private func checkIdentifiers() -> [Diagnostic] {
        var found: [Diagnostic] = []
        func check(_ name: String, what: String, file: String, at location: SourceLocation) {
            guard let control = Self.bidiControl(in: name) else { return }
            let code = String(control.value, radix: 16, uppercase: true)
            found.append(
                Diagnostic(
                    .bidiControl,
                    "\(what) '\(name.unicodeScalars.filter { !Self.bidiControls.contains($0) }.map(String.init).joined())' holds the bidirectional control U+\(code), which makes source and page read differently",
                    file: file, at: location))
        }
        var seen = Set<ObjectIdentifier>()
        func schema(_ schema: Schema?) {
            guard let schema, seen.insert(ObjectIdentifier(schema)).inserted else { return }
            for property in schema.properties + schema.patternProperties {
                check(property.name, what: "the field", file: property.schema.file, at: property.schema.location)
                visit(property.schema)
            }
            for value in schema.enumValues {
                if let text = value.string { check(text, what: "the value", file: value.file, at: value.location) }
            }
            for child in [schema.items, schema.additionalProperties] + schema.prefixItems + schema.variants {
                visit(child)
            }
        }
        func visit(_ value: Schema?) { schema(value) }
        for api in spec.apis {
            for document in api.documents {
                check(document.path, what: "the file name", file: document.path, at: .start)
                for operation in document.operations {
                    check(operation.path, what: "the path", file: operation.file, at: operation.location)
                    if let id = operation.operationID {
                        check(id, what: "the operationId", file: operation.file, at: operation.location)
                    }
                    for parameter in operation.parameters {
                        check(parameter.name, what: "the parameter", file: operation.file, at: operation.location)
                        schema(parameter.schema)
                    }
                    schema(operation.requestBody?.schema)
                    operation.responses.forEach { schema($0.body?.schema) }
                }
            }
        }
        for event in spec.events.schemas {
            check(event.name, what: "the event", file: event.file, at: .start)
            schema(event.schema)
        }
        for page in spec.content { check(page.file, what: "the file name", file: page.file, at: .start) }
        for proposal in spec.proposals { check(proposal.path, what: "the file name", file: proposal.path, at: .start) }
        return found
    }

}
