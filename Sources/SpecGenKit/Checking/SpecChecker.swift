/// The checks on the model that loading alone does not make: path parameters, operation ids,
/// endpoints defined twice, examples against their schemas, markup that could run script, and
/// characters that make source and page read differently. It reads the model only.
struct SpecChecker {
    let spec: Spec
    let markdown: MarkdownCache

    func check(into diagnostics: DiagnosticCollector) {
        // The texts are most of the work: each is checked on its own, in the same parallel pass
        // as the other checks (a pass nested in another runs serially).
        let texts = textsToCheck()
        var jobs: [@Sendable () -> [Diagnostic]] = [checkOperations, checkEvents, checkIdentifiers]
        jobs += texts.map { text in { [markdown] in markdown.checked(text.source) { Self.findings(in: text.blocks(), source: text.source) } } }
        // The order does not matter: a build's diagnostics are sorted for display.
        diagnostics.emit(contentsOf: parallelMap(jobs) { $0() }.flatMap { $0 })
    }

    // MARK: Operations

    private func checkOperations() -> [Diagnostic] {
        var found: [Diagnostic] = []
        let examples = ExampleValidator()
        for api in spec.apis {
            var operationIDs: [String: Operation] = [:]
            var endpoints: [String: Operation] = [:]
            for document in api.documents {
                for operation in document.operations {
                    found += pathParameterProblems(operation)
                    if let id = operation.operationID {
                        if let first = operationIDs[id] {
                            found.append(
                                .warning(
                                    "operationId '\(id)' is also used by \(first.endpoint) (\(first.file):\(first.location.line))",
                                    file: operation.file, at: operation.location))
                        } else {
                            operationIDs[id] = operation
                        }
                    }
                    if let first = endpoints[operation.endpoint] {
                        found.append(
                            .warning(
                                "\(operation.endpoint) is also defined in \(first.file):\(first.location.line); both are shown",
                                file: operation.file, at: operation.location))
                    } else {
                        endpoints[operation.endpoint] = operation
                    }
                    let name = operation.endpoint
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
                            found += examples.validate(example.value, against: schema, subject: "\(response.status) example of \(name)")
                        }
                    }
                }
            }
        }
        return found
    }

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
            problems.append(.warning("path parameter '{\(name)}' of \(operation.method) \(operation.path) is not declared", file: operation.file, at: operation.location))
        }
        for name in declared where !inPath.contains(name) {
            problems.append(.warning("path parameter '\(name)' is declared but \(operation.path) has no '{\(name)}'", file: operation.file, at: operation.location))
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
            guard let schema = spec.events.schema(named: example.name) ?? spec.events.schema(named: base) else { continue }
            found += validator.validate(example.value, against: schema.schema, subject: "example of \(example.name)")
        }
        return found
    }

    // MARK: Texts

    /// A text to check for markup that could run script, and how to have its Markdown tree.
    private struct CheckedText {
        var source: SourceText
        var blocks: @Sendable () -> [MarkdownBlock]
    }

    /// Every text with markup that could run script (shown as text, and said so here): the
    /// descriptions of operations, schemas and changelog entries, proposals and prose pages.
    private func textsToCheck() -> [CheckedText] {
        var texts: [CheckedText] = []
        var seenSchemas = Set<ObjectIdentifier>()
        func text(_ source: SourceText?) {
            guard let source, source.text.containsByte(UInt8(ascii: "<")) || source.text.containsBytes("](") || source.text.containsBytes("]:") else { return }
            texts.append(CheckedText(source: source) { [markdown] in markdown.parse(source.text).document.blocks })
        }
        func schema(_ schema: Schema?) {
            guard let schema, seenSchemas.insert(ObjectIdentifier(schema)).inserted else { return }
            text(schema.description)
            schema.versionNotes.changedIn.forEach { text($0.text) }
            for property in schema.properties + schema.patternProperties { visit(property.schema) }
            for child in [schema.items, schema.additionalProperties] + schema.prefixItems + schema.oneOf + schema.anyOf { visit(child) }
        }
        func visit(_ value: Schema?) { schema(value) }
        for api in spec.apis {
            for operation in api.documents.flatMap(\.operations) {
                text(operation.summary)
                text(operation.description)
                operation.versionNotes.changedIn.forEach { text($0.text) }
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
        for event in spec.events.schemas { schema(event.schema) }
        for common in spec.events.common { schema(common.schema) }
        for definition in spec.definitions.values { schema(definition) }
        texts += spec.proposals.map { proposal in CheckedText(source: proposal.text) { proposal.document.blocks } }
        texts += spec.content.map { page in CheckedText(source: page.body) { page.document.blocks } }
        for api in spec.changelogs.unreleased {
            for entry in api.categories.flatMap(\.entries) { text(entry.text) }
        }
        return texts
    }

    /// Raw HTML that the allowlist shows as text because it could run script, and unsafe links.
    private static func findings(in blocks: [MarkdownBlock], source: SourceText) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func report(_ html: String, at location: SourceLocation) {
            for finding in RawHTML.findings(in: html) {
                found.append(
                    .warning(
                        "\(finding.reason) could run script; '\(finding.markup)…' is shown as text and never run", file: source.file,
                        at: source.fileLocation(location)))
            }
        }
        MarkdownDocument.walk(
            blocks,
            block: { if case .html(let html, let location) = $0 { report(html, at: location) } },
            inline: { inline in
                switch inline {
                case .html(let html, let location): report(html, at: location)
                case .link(let destination, _, _, let location), .image(let destination, _, _, let location):
                    if let problem = Self.unsafeLink(destination) {
                        found.append(.warning(problem, file: source.file, at: source.fileLocation(location)))
                    }
                default: break
                }
            })
        return found
    }

    /// Why a link destination is not made a link: a scheme other than http(s) and mailto.
    static func unsafeLink(_ destination: String) -> String? {
        guard !destination.hasPrefix(RSTCompatibility.substitutionScheme), !RawHTML.isSafeURL(destination) else { return nil }
        let scheme = destination.prefix { $0 != ":" }
        return "the link '\(destination.prefix(50))' uses the scheme '\(scheme)', not http(s), mailto or a relative path; it is shown as text"
    }

    // MARK: Identifiers

    /// Unicode bidirectional controls make a name read one way in the source and another on the page.
    static let bidiControls: Set<Unicode.Scalar> = [
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{200E}", "\u{200F}", "\u{061C}",
    ]

    static func bidiControl(in text: String) -> Unicode.Scalar? {
        guard text.utf8.contains(where: { $0 >= 0xD8 }) else { return nil }
        return text.unicodeScalars.first { bidiControls.contains($0) }
    }

    private func checkIdentifiers() -> [Diagnostic] {
        var found: [Diagnostic] = []
        func check(_ name: String, what: String, file: String, at location: SourceLocation) {
            guard let control = Self.bidiControl(in: name) else { return }
            let code = String(control.value, radix: 16, uppercase: true)
            found.append(
                .warning(
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
            for child in [schema.items, schema.additionalProperties] + schema.prefixItems + schema.variants { visit(child) }
        }
        func visit(_ value: Schema?) { schema(value) }
        for api in spec.apis {
            for document in api.documents {
                check(document.path, what: "the file name", file: document.path, at: .start)
                for operation in document.operations {
                    check(operation.path, what: "the path", file: operation.file, at: operation.location)
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
