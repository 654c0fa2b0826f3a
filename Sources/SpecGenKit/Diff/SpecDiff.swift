/// What changed between two versions of a spec, compared on the resolved models (after `$ref` and
/// `allOf`), not on the YAML text, and sorted by what it means for clients and servers.
package struct SpecDiff: Sendable {
    package enum Impact: String, Sendable, Comparable {
        /// Something clients or servers relied on is gone or stricter.
        case breaking
        /// Something was added.
        case compatible
        /// Descriptions and examples.
        case documentation

        package static func < (lhs: Impact, rhs: Impact) -> Bool {
            let order: [Impact] = [.breaking, .compatible, .documentation]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    package struct Note: Sendable, Hashable {
        package var impact: Impact
        package var text: String
    }

    package struct EndpointChange: Sendable {
        package var method: String
        package var path: String
        package var api: String
        package var changes: [Note]
        package var notes: [String] { changes.map { "[\($0.impact.rawValue)] \($0.text)" } }
    }

    package struct Endpoint: Sendable, Hashable {
        package var method: String
        package var path: String
        package var api: String
        package var file: String
        package var location: SourceLocation
    }

    package struct AddedFragment: Sendable, Hashable {
        package var path: String
        package var text: String
    }

    package var addedEndpoints: [Endpoint] = []
    package var removedEndpoints: [Endpoint] = []
    package var changedEndpoints: [EndpointChange] = []
    package var addedEvents: [String] = []
    package var removedEvents: [String] = []
    package var changedEvents: [(type: String, changes: [Note])] = []
    package var addedFragments: [AddedFragment] = []
    package var addedProposals: [String] = []
    package var changedProposals: [String] = []
    /// The head's layout, which says where an endpoint's section is on the site.
    package var layout: SpecLayout.Kind = .matrixSpec

    package var isEmpty: Bool {
        addedEndpoints.isEmpty && removedEndpoints.isEmpty && changedEndpoints.isEmpty && addedEvents.isEmpty
            && removedEvents.isEmpty && changedEvents.isEmpty && addedFragments.isEmpty && addedProposals.isEmpty
            && changedProposals.isEmpty
    }

    /// Every breaking change, in words.
    package var breaking: [String] {
        removedEndpoints.map { "removed \($0.method) \($0.path)" }
            + changedEndpoints.flatMap { change in
                change.changes.filter { $0.impact == .breaking }.map { "\(change.method) \(change.path): \($0.text)" }
            }
            + removedEvents.map { "removed event \($0)" }
            + changedEvents.flatMap { event in
                event.changes.filter { $0.impact == .breaking }.map { "\(event.type): \($0.text)" }
            }
    }

    /// The most serious kind of change in the diff, or `nil` when nothing changed.
    package var impact: Impact? {
        if !breaking.isEmpty { return .breaking }
        let all = changedEndpoints.flatMap(\.changes) + changedEvents.flatMap(\.changes)
        if !addedEndpoints.isEmpty || !addedEvents.isEmpty || all.contains(where: { $0.impact == .compatible }) {
            return .compatible
        }
        if !all.isEmpty || !changedProposals.isEmpty || !addedProposals.isEmpty || !addedFragments.isEmpty {
            return .documentation
        }
        return nil
    }

    /// Compares two specs.
    package init(base: Spec, head: Spec) {
        layout = head.layout.kind
        func endpoints(_ spec: Spec) -> [String: (Endpoint, Operation)] {
            var all: [String: (Endpoint, Operation)] = [:]
            for api in spec.apis {
                for document in api.documents {
                    for operation in document.operations {
                        let endpoint = Endpoint(
                            method: operation.method, path: operation.fullPath, api: api.name, file: document.path,
                            location: operation.location)
                        all[operation.endpoint] = (endpoint, operation)
                    }
                }
            }
            return all
        }
        let before = endpoints(base), after = endpoints(head)
        addedEndpoints = after.keys.filter { before[$0] == nil }.sorted().map { after[$0]!.0 }
        removedEndpoints = before.keys.filter { after[$0] == nil }.sorted().map { before[$0]!.0 }
        for key in after.keys.sorted() {
            guard let (_, old) = before[key], let (endpoint, new) = after[key] else { continue }
            let changes = Self.compare(old, new)
            if !changes.isEmpty {
                changedEndpoints.append(
                    EndpointChange(method: endpoint.method, path: endpoint.path, api: endpoint.api, changes: changes))
            }
        }

        let oldEvents = Dictionary(base.events.schemas.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newEvents = Dictionary(head.events.schemas.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        addedEvents = newEvents.keys.filter { oldEvents[$0] == nil }.sorted()
        removedEvents = oldEvents.keys.filter { newEvents[$0] == nil }.sorted()
        for name in newEvents.keys.sorted() {
            guard let old = oldEvents[name], let new = newEvents[name] else { continue }
            var changes: [Note] = []
            Self.compareFields(
                FieldMap(old.content, prefix: "content"), FieldMap(new.content, prefix: "content"), into: &changes)
            if old.description?.text != new.description?.text {
                changes.append(Note(impact: .documentation, text: "description changed"))
            }
            if !changes.isEmpty { changedEvents.append((name, changes)) }
        }

        let baseFragments = Set(
            base.changelogs.unreleased.flatMap { $0.categories.flatMap(\.entries).flatMap(\.fragments) })
        var seen = Set<String>()
        for api in head.changelogs.unreleased {
            for entry in api.categories.flatMap(\.entries) {
                for fragment in entry.fragments
                where !baseFragments.contains(fragment) && seen.insert(fragment).inserted {
                    addedFragments.append(AddedFragment(path: fragment, text: entry.text.text))
                }
            }
        }
        addedFragments.sort { $0.path < $1.path }
        let oldProposals = Dictionary(base.proposals.map { ($0.path, $0.text.text) }, uniquingKeysWith: { a, _ in a })
        for proposal in head.proposals {
            if let text = oldProposals[proposal.path] {
                if text != proposal.text.text { changedProposals.append(proposal.path) }
            } else {
                addedProposals.append(proposal.path)
            }
        }
    }

    // MARK: Operations

    private static func strictness(_ authentication: Operation.Authentication) -> Int {
        switch authentication {
        case .none: return 0
        case .optional: return 1
        case .required: return 2
        }
    }

    /// Media types a body gained or lost, where both versions name them (a body that names none
    /// is taken as JSON). One lost is breaking: a client that sent or read it is left without.
    private static func compareMediaTypes(_ old: Body?, _ new: Body?, of subject: String, into notes: inout [Note]) {
        guard let old, let new, old.contentTypesStated, new.contentTypesStated else { return }
        // `content: {schema: …}` names no media type: a slip that the source's next version mends.
        guard old.contentTypes.allSatisfy({ $0.contains("/") }), new.contentTypes.allSatisfy({ $0.contains("/") })
        else { return }
        for type in old.contentTypes where !new.contentTypes.contains(type) {
            notes.append(Note(impact: .breaking, text: "\(subject): removed media type \(type)"))
        }
        for type in new.contentTypes where !old.contentTypes.contains(type) {
            notes.append(Note(impact: .compatible, text: "\(subject): added media type \(type)"))
        }
    }

    private static func compare(_ old: Operation, _ new: Operation) -> [Note] {
        var notes: [Note] = []
        func key(_ parameter: Parameter) -> String { "\(parameter.location.rawValue) parameter '\(parameter.name)'" }
        let oldParameters = Dictionary(old.parameters.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let newParameters = Dictionary(new.parameters.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        for name in newParameters.keys.sorted() where oldParameters[name] == nil {
            let required = newParameters[name]!.required
            notes.append(
                Note(impact: required ? .breaking : .compatible, text: "added \(name)\(required ? " (required)" : "")"))
        }
        for name in oldParameters.keys.sorted() where newParameters[name] == nil {
            notes.append(Note(impact: .breaking, text: "removed \(name)"))
        }
        for name in newParameters.keys.sorted() {
            guard let before = oldParameters[name], let after = newParameters[name] else { continue }
            if before.required != after.required {
                notes.append(
                    Note(
                        impact: after.required ? .breaking : .compatible,
                        text: "\(name) is now \(after.required ? "required" : "optional")"))
            }
            if before.description?.text != after.description?.text {
                notes.append(Note(impact: .documentation, text: "\(name): description changed"))
            }
            compareFields(FieldMap(before.schema, prefix: name), FieldMap(after.schema, prefix: name), into: &notes)
        }
        if old.requiresAuthentication != new.requiresAuthentication {
            let stricter = Self.strictness(new.requiresAuthentication) > Self.strictness(old.requiresAuthentication)
            notes.append(
                Note(
                    impact: stricter ? .breaking : .compatible,
                    text:
                        "authentication: \(old.requiresAuthentication.rawValue) -> \(new.requiresAuthentication.rawValue)"
                ))
        }
        // An endpoint that takes no authentication any more takes every client's request.
        for scheme in old.securitySchemes
        where new.requiresAuthentication != .none && !new.securitySchemes.contains(scheme) {
            notes.append(Note(impact: .breaking, text: "no longer accepts the security scheme '\(scheme)'"))
        }
        for scheme in new.securitySchemes where !old.securitySchemes.contains(scheme) {
            notes.append(Note(impact: .compatible, text: "accepts the security scheme '\(scheme)'"))
        }
        compareMediaTypes(old.requestBody, new.requestBody, of: "request body", into: &notes)
        compareFields(
            FieldMap(old.requestBody?.schema, prefix: "request body"),
            FieldMap(new.requestBody?.schema, prefix: "request body"),
            into: &notes)
        let oldResponses = Dictionary(old.responses.map { ($0.status, $0) }, uniquingKeysWith: { a, _ in a })
        let newResponses = Dictionary(new.responses.map { ($0.status, $0) }, uniquingKeysWith: { a, _ in a })
        for status in new.responses.map(\.status) where oldResponses[status] == nil {
            notes.append(Note(impact: .compatible, text: "added status code \(status)"))
        }
        for status in old.responses.map(\.status) where newResponses[status] == nil {
            notes.append(Note(impact: .breaking, text: "removed status code \(status)"))
        }
        for response in new.responses {
            guard let before = oldResponses[response.status] else { continue }
            compareMediaTypes(before.body, response.body, of: "\(response.status) response", into: &notes)
            let oldHeaders = before.headers.map(\.name), newHeaders = response.headers.map(\.name)
            for header in oldHeaders where !newHeaders.contains(header) {
                notes.append(Note(impact: .breaking, text: "\(response.status) response: removed header '\(header)'"))
            }
            for header in newHeaders where !oldHeaders.contains(header) {
                notes.append(Note(impact: .compatible, text: "\(response.status) response: added header '\(header)'"))
            }
            compareFields(
                FieldMap(before.body?.schema, prefix: "\(response.status) response"),
                FieldMap(response.body?.schema, prefix: "\(response.status) response"), into: &notes)
            if before.description?.text != response.description?.text {
                notes.append(Note(impact: .documentation, text: "\(response.status) response: description changed"))
            }
            if (before.body?.examples.map { JSONWriter.inline($0.value) } ?? [])
                != (response.body?.examples.map { JSONWriter.inline($0.value) } ?? [])
            {
                notes.append(Note(impact: .documentation, text: "\(response.status) response: example changed"))
            }
        }
        if old.deprecated != new.deprecated {
            notes.append(Note(impact: .compatible, text: new.deprecated ? "now deprecated" : "no longer deprecated"))
        }
        if old.description?.text != new.description?.text || old.summary?.text != new.summary?.text {
            notes.append(Note(impact: .documentation, text: "description changed"))
        }
        if (old.requestBody?.examples.map { JSONWriter.inline($0.value) } ?? [])
            != (new.requestBody?.examples.map { JSONWriter.inline($0.value) } ?? [])
        {
            notes.append(Note(impact: .documentation, text: "request example changed"))
        }
        return notes
    }

    /// Every field of a schema by its path (`request body.three_pid_creds.sid`), with what the diff compares.
    struct FieldMap {
        struct Field: Equatable {
            var type: String
            var required: Bool
            var values: [String]
            var description: String?
        }

        var fields: [(path: String, field: Field)] = []

        init(_ schema: Schema?, prefix: String) {
            guard let schema else { return }
            fields.append(
                (
                    prefix,
                    Field(
                        type: Self.typeName(schema), required: false, values: Self.values(schema),
                        description: schema.description?.text)
                ))
            walk(schema, path: prefix, depth: 0)
        }

        private mutating func walk(_ schema: Schema, path: String, depth: Int) {
            guard depth < 16 else { return }
            for property in schema.properties {
                let child = path + "." + property.name
                fields.append(
                    (
                        child,
                        Field(
                            type: Self.typeName(property.schema), required: schema.required.contains(property.name),
                            values: Self.values(property.schema), description: property.schema.description?.text)
                    ))
                walk(property.schema, path: child, depth: depth + 1)
            }
            // A name `required` lists that `properties` does not is a field all the same.
            let listed = Set(schema.properties.map(\.name))
            for name in schema.required where !listed.contains(name) {
                fields.append((path + "." + name, Field(type: "any", required: true, values: [], description: nil)))
            }
            if let items = schema.items {
                fields.append(
                    (
                        path + "[]",
                        Field(
                            type: Self.typeName(items), required: false, values: Self.values(items),
                            description: items.description?.text)
                    ))
                walk(items, path: path + "[]", depth: depth + 1)
            }
            for (key, value) in [("{}", schema.additionalProperties)]
                + schema.patternProperties.map({ ("{\($0.name)}", Optional($0.schema)) })
            {
                guard let value else { continue }
                fields.append(
                    (
                        path + key,
                        Field(
                            type: Self.typeName(value), required: false, values: Self.values(value),
                            description: value.description?.text)
                    ))
                walk(value, path: path + key, depth: depth + 1)
            }
            for (index, variant) in schema.variants.enumerated() {
                let child = path + "|\(index + 1)"
                fields.append(
                    (
                        child,
                        Field(
                            type: Self.typeName(variant), required: false, values: Self.values(variant),
                            description: variant.description?.text)
                    ))
                walk(variant, path: child, depth: depth + 1)
            }
        }

        static func typeName(_ schema: Schema) -> String {
            if !schema.types.isEmpty { return schema.types.joined(separator: " | ") }
            if schema.hasFields { return "object" }
            if schema.isArray { return "array" }
            if !schema.variants.isEmpty { return "one of" }
            return "any"
        }

        static func values(_ schema: Schema) -> [String] {
            schema.enumValues.map { $0.string ?? JSONWriter.inline($0) }
        }
    }

    private static func compareFields(_ old: FieldMap, _ new: FieldMap, into notes: inout [Note]) {
        let before = Dictionary(old.fields.map { ($0.path, $0.field) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.fields.map { ($0.path, $0.field) }, uniquingKeysWith: { a, _ in a })
        for (path, field) in new.fields {
            guard let previous = before[path] else {
                notes.append(
                    Note(
                        impact: field.required ? .breaking : .compatible,
                        text: "added field \(path)\(field.required ? " (required)" : "")"))
                continue
            }
            if previous.type != field.type {
                notes.append(Note(impact: .breaking, text: "\(path): type \(previous.type) -> \(field.type)"))
            }
            if previous.required != field.required {
                notes.append(
                    Note(
                        impact: field.required ? .breaking : .compatible,
                        text: "\(path) is now \(field.required ? "required" : "optional")"))
            }
            for value in field.values where !previous.values.contains(value) {
                notes.append(Note(impact: .compatible, text: "\(path): added enum value \"\(value)\""))
            }
            for value in previous.values where !field.values.contains(value) {
                notes.append(Note(impact: .breaking, text: "\(path): removed enum value \"\(value)\""))
            }
            if previous.description != field.description {
                notes.append(Note(impact: .documentation, text: "\(path): description changed"))
            }
        }
        for (path, _) in old.fields where after[path] == nil {
            notes.append(Note(impact: .breaking, text: "removed field \(path)"))
        }
    }

    // MARK: Text

    /// A plain-text summary, for a terminal or a CI comment.
    package func summary(base: String, head: String) -> String {
        var lines = ["specgen diff: \(base) -> \(head)"]
        if isEmpty {
            lines.append("No changes to endpoints, events, newsfragments or proposals.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("Impact: \(impact?.rawValue ?? "none")")
        func section(_ title: String, _ items: [String], count: Int? = nil) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append("\(title) (\(count ?? items.count)):")
            lines += items.map { "  " + $0 }
        }
        section("Breaking changes", breaking)
        section("Endpoints added", addedEndpoints.map { "+ \($0.method) \($0.path)" })
        section("Endpoints removed", removedEndpoints.map { "- \($0.method) \($0.path)" })
        section(
            "Endpoints changed",
            changedEndpoints.flatMap { ["~ \($0.method) \($0.path)"] + $0.notes.map { "    " + $0 } },
            count: changedEndpoints.count)
        section("Events added", addedEvents.map { "+ " + $0 })
        section("Events removed", removedEvents.map { "- " + $0 })
        section(
            "Events changed",
            changedEvents.flatMap { event in
                ["~ " + event.type] + event.changes.map { "    [\($0.impact.rawValue)] \($0.text)" }
            },
            count: changedEvents.count)
        section(
            "Newsfragments added",
            addedFragments.map { "+ \($0.path): \($0.text.split(separator: "\n").joined(separator: " "))" })
        section("Proposals added", addedProposals.map { "+ " + $0 })
        section("Proposals changed", changedProposals.map { "~ " + $0 })
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each added endpoint needs a `.new` newsfragment that names it; each one without gets a warning.
    package func missingFragmentWarnings(head: Spec) -> [Diagnostic] {
        let newFragments = head.changelogs.unreleased.flatMap { api in
            api.categories.flatMap(\.entries).filter { entry in
                entry.fragments.contains { SourcePath.name($0).split(separator: ".").dropFirst().contains("new") }
            }
        }
        return addedEndpoints.compactMap { endpoint in
            let segments = endpoint.path.split(separator: "/")
            let mentioned = newFragments.contains { entry in
                MentionScanner.endpoints(in: entry.text.text).contains { mention in
                    mention.method == endpoint.method && Self.pathMatches(mention.path, segments)
                }
            }
            return mentioned
                ? nil
                : Diagnostic(
                    .missingFragment,
                    "\(endpoint.method) \(endpoint.path) was added without a .new newsfragment that names it",
                    file: endpoint.file, at: endpoint.location)
        }
    }

    /// Whether a mentioned path names the endpoint: its last segments match, `{params}` match anything.
    private static func pathMatches(_ mentioned: String, _ full: [Substring]) -> Bool {
        let wanted = mentioned.split(separator: "/")
        guard !wanted.isEmpty, wanted.count <= full.count else { return false }
        return zip(wanted.reversed(), full.reversed()).allSatisfy { want, have in
            want == have || have.hasPrefix("{") || want.hasPrefix("{")
        }
    }
}
