/// What changed between two builds of a spec, compared on the resolved models (after `$ref` and
/// `allOf`), not on the YAML text.
public struct SpecDiff: Sendable {
    public struct EndpointChange: Sendable {
        public var method: String
        public var path: String
        public var notes: [String]
    }

    public struct Endpoint: Sendable, Hashable {
        public var method: String
        public var path: String
        public var api: String
        public var file: String
        public var location: SourceLocation
    }

    public var addedEndpoints: [Endpoint] = []
    public var removedEndpoints: [Endpoint] = []
    public var changedEndpoints: [EndpointChange] = []
    public var addedEvents: [String] = []
    public var removedEvents: [String] = []
    public var changedEvents: [(type: String, notes: [String])] = []
    public var addedFragments: [String] = []
    public var addedProposals: [String] = []
    public var changedProposals: [String] = []

    public var isEmpty: Bool {
        addedEndpoints.isEmpty && removedEndpoints.isEmpty && changedEndpoints.isEmpty && addedEvents.isEmpty
            && removedEvents.isEmpty && changedEvents.isEmpty && addedFragments.isEmpty && addedProposals.isEmpty
            && changedProposals.isEmpty
    }

    /// Compares two specs. Fragments are compared by the files in their folders.
    public init(base: Spec, head: Spec, baseFragments: Set<String>, headFragments: Set<String>) {
        func endpoints(_ spec: Spec) -> [String: (Endpoint, Operation)] {
            var all: [String: (Endpoint, Operation)] = [:]
            for api in spec.apis {
                for document in api.documents {
                    for operation in document.operations {
                        let endpoint = Endpoint(
                            method: operation.method, path: operation.fullPath, api: api.name, file: document.path,
                            location: operation.location)
                        all["\(operation.method) \(operation.fullPath)"] = (endpoint, operation)
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
            let notes = Self.compare(old, new)
            if !notes.isEmpty { changedEndpoints.append(EndpointChange(method: endpoint.method, path: endpoint.path, notes: notes)) }
        }

        let oldEvents = Dictionary(base.events.events.map { ($0.type, $0) }, uniquingKeysWith: { a, _ in a })
        let newEvents = Dictionary(head.events.events.map { ($0.type, $0) }, uniquingKeysWith: { a, _ in a })
        addedEvents = newEvents.keys.filter { oldEvents[$0] == nil }.sorted()
        removedEvents = oldEvents.keys.filter { newEvents[$0] == nil }.sorted()
        for type in newEvents.keys.sorted() {
            guard let old = oldEvents[type], let new = newEvents[type] else { continue }
            var notes: [String] = []
            Self.compareFields(FieldMap(old.content, prefix: "content"), FieldMap(new.content, prefix: "content"), into: &notes)
            if !notes.isEmpty { changedEvents.append((type, notes)) }
        }

        addedFragments = headFragments.subtracting(baseFragments).sorted()
        let oldProposals = Dictionary(base.proposals.map { ($0.file, $0.text) }, uniquingKeysWith: { a, _ in a })
        for proposal in head.proposals {
            if let text = oldProposals[proposal.file] {
                if text != proposal.text { changedProposals.append(proposal.path) }
            } else {
                addedProposals.append(proposal.path)
            }
        }
    }

    // MARK: Operations

    private static func compare(_ old: Operation, _ new: Operation) -> [String] {
        var notes: [String] = []
        var oldParameters: [String: Parameter] = [:]
        for parameter in old.parameters { oldParameters["\(parameter.location.rawValue) parameter '\(parameter.name)'"] = parameter }
        var newParameters: [String: Parameter] = [:]
        for parameter in new.parameters { newParameters["\(parameter.location.rawValue) parameter '\(parameter.name)'"] = parameter }
        for name in newParameters.keys.sorted() where oldParameters[name] == nil { notes.append("added \(name)") }
        for name in oldParameters.keys.sorted() where newParameters[name] == nil { notes.append("removed \(name)") }
        for name in newParameters.keys.sorted() {
            guard let before = oldParameters[name], let after = newParameters[name] else { continue }
            if before.required != after.required { notes.append("\(name) is now \(after.required ? "required" : "optional")") }
            compareFields(FieldMap(before.schema, prefix: name), FieldMap(after.schema, prefix: name), into: &notes)
        }
        compareFields(
            FieldMap(old.requestBody?.schema, prefix: "request body"), FieldMap(new.requestBody?.schema, prefix: "request body"),
            into: &notes)
        let oldResponses = Dictionary(old.responses.map { ($0.status, $0) }, uniquingKeysWith: { a, _ in a })
        let newResponses = Dictionary(new.responses.map { ($0.status, $0) }, uniquingKeysWith: { a, _ in a })
        for status in new.responses.map(\.status) where oldResponses[status] == nil { notes.append("added status code \(status)") }
        for status in old.responses.map(\.status) where newResponses[status] == nil { notes.append("removed status code \(status)") }
        for response in new.responses {
            guard let before = oldResponses[response.status] else { continue }
            compareFields(
                FieldMap(before.body?.schema, prefix: "\(response.status) response"),
                FieldMap(response.body?.schema, prefix: "\(response.status) response"), into: &notes)
        }
        if old.deprecated != new.deprecated { notes.append(new.deprecated ? "now deprecated" : "no longer deprecated") }
        return notes
    }

    /// Every field of a schema by its path (`request body.three_pid_creds.sid`), with what the diff compares.
    struct FieldMap {
        struct Field: Equatable {
            var type: String
            var required: Bool
            var values: [String]
        }

        var fields: [(path: String, field: Field)] = []

        init(_ schema: Schema?, prefix: String) {
            guard let schema else { return }
            fields.append((prefix, Field(type: Self.typeName(schema), required: false, values: Self.values(schema))))
            walk(schema, path: prefix, depth: 0)
        }

        private mutating func walk(_ schema: Schema, path: String, depth: Int) {
            guard depth < 16 else { return }
            for property in schema.properties {
                let child = path + "." + property.name
                fields.append((child, Field(type: Self.typeName(property.schema), required: schema.required.contains(property.name), values: Self.values(property.schema))))
                walk(property.schema, path: child, depth: depth + 1)
            }
            if let items = schema.items {
                fields.append((path + "[]", Field(type: Self.typeName(items), required: false, values: Self.values(items))))
                walk(items, path: path + "[]", depth: depth + 1)
            }
            if let values = schema.additionalProperties {
                fields.append((path + "{}", Field(type: Self.typeName(values), required: false, values: Self.values(values))))
                walk(values, path: path + "{}", depth: depth + 1)
            }
            for (index, variant) in (schema.oneOf + schema.anyOf).enumerated() {
                let child = path + "|\(index + 1)"
                fields.append((child, Field(type: Self.typeName(variant), required: false, values: Self.values(variant))))
                walk(variant, path: child, depth: depth + 1)
            }
        }

        static func typeName(_ schema: Schema) -> String {
            if !schema.types.isEmpty { return schema.types.joined(separator: " | ") }
            if schema.hasFields { return "object" }
            if schema.isArray { return "array" }
            if !schema.oneOf.isEmpty || !schema.anyOf.isEmpty { return "one of" }
            return "any"
        }

        static func values(_ schema: Schema) -> [String] {
            schema.enumValues.map { $0.string ?? JSONWriter.inline($0) }
        }
    }

    private static func compareFields(_ old: FieldMap, _ new: FieldMap, into notes: inout [String]) {
        let before = Dictionary(old.fields.map { ($0.path, $0.field) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.fields.map { ($0.path, $0.field) }, uniquingKeysWith: { a, _ in a })
        for (path, field) in new.fields {
            guard let previous = before[path] else {
                notes.append("added field \(path)\(field.required ? " (required)" : "")")
                continue
            }
            if previous.type != field.type { notes.append("\(path): type \(previous.type) -> \(field.type)") }
            if previous.required != field.required { notes.append("\(path) is now \(field.required ? "required" : "optional")") }
            for value in field.values where !previous.values.contains(value) { notes.append("\(path): added enum value \"\(value)\"") }
            for value in previous.values where !field.values.contains(value) { notes.append("\(path): removed enum value \"\(value)\"") }
        }
        for (path, _) in old.fields where after[path] == nil { notes.append("removed field \(path)") }
    }

    // MARK: Text

    /// A plain-text summary, for a terminal or a CI comment.
    public func summary(base: String, head: String) -> String {
        var lines = ["specgen diff: \(base) -> \(head)"]
        if isEmpty {
            lines.append("No changes to endpoints, events, newsfragments or proposals.")
            return lines.joined(separator: "\n") + "\n"
        }
        func section(_ title: String, _ items: [String], count: Int? = nil) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append("\(title) (\(count ?? items.count)):")
            lines += items.map { "  " + $0 }
        }
        section("Endpoints added", addedEndpoints.map { "+ \($0.method) \($0.path)" })
        section("Endpoints removed", removedEndpoints.map { "- \($0.method) \($0.path)" })
        section("Endpoints changed", changedEndpoints.flatMap { ["~ \($0.method) \($0.path)"] + $0.notes.map { "    " + $0 } }, count: changedEndpoints.count)
        section("Events added", addedEvents.map { "+ " + $0 })
        section("Events removed", removedEvents.map { "- " + $0 })
        section("Events changed", changedEvents.flatMap { ["~ " + $0.type] + $0.notes.map { "    " + $0 } }, count: changedEvents.count)
        section("Newsfragments added", addedFragments.map { "+ " + $0 })
        section("Proposals added", addedProposals.map { "+ " + $0 })
        section("Proposals changed", changedProposals.map { "~ " + $0 })
        return lines.joined(separator: "\n") + "\n"
    }

    /// An added endpoint needs a `.new` newsfragment; without one added, each gets a warning.
    public func missingFragmentWarnings() -> [Diagnostic] {
        let hasNew = addedFragments.contains { name in
            let parts = (name.split(separator: "/").last ?? "").split(separator: ".")
            return parts.dropFirst().contains("new")
        }
        guard !hasNew else { return [] }
        return addedEndpoints.map {
            .warning("\($0.method) \($0.path) was added without a .new newsfragment", file: $0.file, at: $0.location)
        }
    }
}
