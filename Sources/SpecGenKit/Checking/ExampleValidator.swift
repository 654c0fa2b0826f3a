import Synchronization

/// Checks an example against its schema: types, required fields, properties, allowed values,
/// items, additional properties and variants. Problems are warnings at the offending value.
struct ExampleValidator {
    private let maxDepth = 48

    /// - Parameter subject: what the example belongs to, for the message (`example of GET /sync`).
    func validate(_ value: YAMLNode, against schema: Schema, subject: String) -> [Diagnostic] {
        var problems: [(YAMLNode, String)] = []
        if let embedded = Self.embeddedJSON(value, for: schema) {
            // Its problems are reported at the string: the text in it has no place of its own.
            check(embedded, schema, path: "", depth: 0, into: &problems)
            problems = problems.map { (value, $0.1) }
        } else {
            check(value, schema, path: "", depth: 0, into: &problems)
        }
        return problems.map { node, message in
            Diagnostic(.exampleMismatch, "\(subject): \(message)", file: node.file, at: node.location)
        }
    }

    /// What a whole example written as a string of JSON holds (`example: |- {"id_server": …}`, as
    /// matrix-doc wrote them until 2017), when its schema does not ask for a string: the page shows
    /// that text as the example (``JSONWriter/prettyPrinted(_:)``), so it is what is checked.
    static func embeddedJSON(_ value: YAMLNode, for schema: Schema) -> YAMLNode? {
        guard !schema.types.contains("string"), let text = JSONWriter.writtenJSON(value),
            let parsed = try? YAMLReader().parse(Array(text.utf8), file: value.file), parsed.warnings.isEmpty,
            let root = parsed.root, root.scalar == nil
        else { return nil }
        return root
    }

    private func check(
        _ value: YAMLNode, _ schema: Schema, path: String, depth: Int, into problems: inout [(YAMLNode, String)]
    ) {
        guard depth < maxDepth else { return }
        let variants = schema.variants
        if !variants.isEmpty {
            let fits = variants.contains { variant in
                var trial: [(YAMLNode, String)] = []
                check(value, variant, path: path, depth: depth + 1, into: &trial)
                return trial.isEmpty
            }
            if !fits { problems.append((value, "\(Self.name(path)) matches none of its \(variants.count) variants")) }
            if !schema.hasFields && schema.types.isEmpty { return }
        }
        if !schema.types.isEmpty, !schema.types.contains(where: { Self.matches(value, type: $0) }) {
            problems.append(
                (value, "\(Self.name(path)) is \(value.kindName), not \(schema.types.joined(separator: " or "))"))
            return
        }
        if !schema.enumValues.isEmpty {
            let text = JSONWriter.inline(value)
            if !schema.enumValues.contains(where: { JSONWriter.inline($0) == text }) {
                let allowed = schema.enumValues.map(JSONWriter.inline).joined(separator: ", ")
                problems.append((value, "\(Self.name(path)) is \(text), not one of \(allowed)"))
            }
        }
        if let constant = schema.constValue, JSONWriter.inline(constant) != JSONWriter.inline(value) {
            problems.append((value, "\(Self.name(path)) must be \(JSONWriter.inline(constant))"))
        }
        if let pairs = value.pairs {
            for name in schema.required.sorted() where value[name] == nil {
                problems.append((value, "\(Self.name(Self.join(path, name))) is required"))
            }
            for pair in pairs {
                let childPath = Self.join(path, pair.key)
                if let property = schema.properties.first(where: { $0.name == pair.key }) {
                    check(pair.value, property.schema, path: childPath, depth: depth + 1, into: &problems)
                } else if let pattern = schema.patternProperties.first(where: {
                    Self.keyMatches(pair.key, pattern: $0.name)
                }) {
                    check(pair.value, pattern.schema, path: childPath, depth: depth + 1, into: &problems)
                } else if let additional = schema.additionalProperties {
                    check(pair.value, additional, path: childPath, depth: depth + 1, into: &problems)
                } else if schema.forbidsAdditionalProperties {
                    problems.append(
                        (pair.value, "\(Self.name(childPath)) is not a field of \(schema.title ?? "this object")"))
                }
            }
        }
        if let items = value.items {
            for (index, item) in items.enumerated() {
                let itemSchema = index < schema.prefixItems.count ? schema.prefixItems[index] : schema.items
                guard let itemSchema else { continue }
                check(item, itemSchema, path: path + "[\(index)]", depth: depth + 1, into: &problems)
            }
        }
    }

    static func matches(_ value: YAMLNode, type: String) -> Bool {
        switch (type, value.content) {
        case ("object", .mapping), ("array", .sequence): return true
        case ("string", .scalar(let scalar)): return scalar.kind == .string
        case ("integer", .scalar(let scalar)): return scalar.kind == .int
        case ("number", .scalar(let scalar)): return scalar.kind == .int || scalar.kind == .float
        case ("boolean", .scalar(let scalar)): return scalar.kind == .bool
        case ("null", .scalar(let scalar)): return scalar.kind == .null
        default: return !["object", "array", "string", "integer", "number", "boolean", "null"].contains(type)
        }
    }

    /// A `patternProperties` key matches by regular expression; an invalid one matches nothing.
    static func keyMatches(_ key: String, pattern: String) -> Bool {
        KeyPatterns.matches(key, pattern: pattern)
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    private static func name(_ path: String) -> String {
        path.isEmpty ? "the value" : "'\(path)'"
    }
}

/// `patternProperties` keys compiled once: a pattern is a regular expression; an invalid one matches nothing.
enum KeyPatterns {
    private static let compiled = Mutex<[String: Regex<AnyRegexOutput>?]>([:])

    static func matches(_ key: String, pattern: String) -> Bool {
        let regex = compiled.withLock { cache -> Regex<AnyRegexOutput>? in
            if let known = cache[pattern] { return known }
            let fresh = try? Regex(pattern)
            cache[pattern] = .some(fresh)
            return fresh
        }
        guard let regex else { return false }
        return (try? regex.firstMatch(in: key)) != nil
    }
}
