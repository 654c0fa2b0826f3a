internal import CLibYAML

/// Reads YAML with libyaml's event API into a ``YAMLNode`` tree.
///
/// Aliases are expanded, with a bound on the nodes they add, so that an alias bomb is an error
/// and not a hang; nesting is bounded too, so that later recursive walks cannot overflow the stack.
/// A file holds one document: a second one is an error at its start.
package struct YAMLReader: Sendable {
    /// The deepest nesting of collections accepted.
    package var maxDepth = 256
    /// The most nodes that aliases may add to one document.
    package var maxAliasExpansion = 1_000_000

    package init() {}

    /// Parses the one document of a YAML stream.
    /// - Parameters:
    ///   - bytes: the file's contents; libyaml checks that they are UTF-8.
    ///   - file: the file's root-relative path, stored in every node and used in diagnostics.
    /// - Returns: the root node (`nil` for an empty stream) and warnings such as duplicate keys.
    /// - Throws: a ``Diagnostic`` at the position of the first syntax error, or of a second document.
    package func parse(_ bytes: [UInt8], file: String) throws(Diagnostic) -> (root: YAMLNode?, warnings: [Diagnostic]) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw Diagnostic(.yamlSyntax, "cannot start the YAML parser", file: file, at: .start)
        }
        defer { yaml_parser_delete(parser) }
        var builder = TreeBuilder(file: file, bytes: bytes, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion)
        let outcome: Result<(root: YAMLNode?, warnings: [Diagnostic]), Diagnostic> = bytes.withUnsafeBufferPointer {
            buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else {
                    return .failure(Self.syntaxError(parser.pointee, file: file, bytes: buffer))
                }
                defer { yaml_event_delete(&event) }
                do throws(Diagnostic) {
                    if try builder.consume(event) { return .success((builder.root, builder.warnings)) }
                } catch {
                    return .failure(error)
                }
            }
        }
        return try outcome.get()
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String, bytes: UnsafeBufferPointer<UInt8>)
        -> Diagnostic
    {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " " + context
        }
        if parser.error == YAML_READER_ERROR {
            // Reader errors (bad encodings) carry a byte offset rather than a line: count to it.
            let offset = min(Int(parser.problem_offset), bytes.count)
            var line = 1
            var lineStart = 0
            for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            return Diagnostic(
                .yamlSyntax,
                "\(message) at byte \(offset)", file: file,
                at: SourceLocation(line: line, column: offset - lineStart + 1))
        }
        return Diagnostic(.yamlSyntax, message, file: file, at: Self.location(parser.problem_mark))
    }

    static func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}

/// Turns a stream of libyaml events into nodes, keeping a stack of open collections.
private struct TreeBuilder {
    struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey: (String, SourceLocation)?
        var weight = 1
        /// Filled once a mapping is large enough that a linear duplicate check would be slow.
        var keyIndex: [String: Int]?
        /// Keys that came from a `<<` merge, which the mapping's own keys may override.
        var merged: Set<String> = []
    }

    let file: String
    let bytes: [UInt8]
    let maxDepth: Int
    let maxAliasExpansion: Int
    var stack: [Frame] = []
    var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
    var expanded = 0
    var root: YAMLNode?
    var warnings: [Diagnostic] = []
    var documents = 0
    /// Byte offsets where lines start, computed when a block scalar first needs them.
    var lineStarts: [Int]?

    init(file: String, bytes: [UInt8], maxDepth: Int, maxAliasExpansion: Int) {
        self.file = file
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// Handles one event; returns true at the end of the stream.
    mutating func consume(_ event: yaml_event_t) throws(Diagnostic) -> Bool {
        let location = YAMLReader.location(event.start_mark)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw Diagnostic(
                    .yamlSyntax,
                    "a second YAML document starts here; a spec file holds one document (remove the extra '---')",
                    file: file, at: location)
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            var kind = YAMLScalar.Kind.string
            if data.style == YAML_PLAIN_SCALAR_STYLE && data.plain_implicit == 1 {
                kind = YAMLScalar.resolvePlain(text)
            } else if let tag = data.tag.map({ String(cString: $0) }) {
                kind = Self.kind(forTag: tag, text: text)
            }
            var indent: Int?
            if data.style == YAML_LITERAL_SCALAR_STYLE || data.style == YAML_FOLDED_SCALAR_STYLE {
                indent = blockIndent(afterLine: Int(event.start_mark.line) + 1)
            }
            let node = YAMLNode(.scalar(YAMLScalar(text, kind: kind, blockIndent: indent)), at: location, file: file)
            if let anchor = data.anchor.map({ String(cString: $0) }) {
                anchors[anchor] = (node, 1)
            }
            try add(node, weight: 1)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard stack.count < maxDepth else {
                throw Diagnostic(.limitExceeded, "nesting is deeper than \(maxDepth) levels", file: file, at: location)
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            stack.append(
                Frame(isMapping: isMapping, location: location, anchor: anchorPointer.map { String(cString: $0) }))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = stack.removeLast()
            if frame.isMapping, let (key, keyLocation) = frame.pendingKey {
                throw Diagnostic(.yamlSyntax, "key '\(key)' has no value", file: file, at: keyLocation)
            }
            let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
            let node = YAMLNode(content, at: frame.location, file: file)
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.weight) }
            try add(node, weight: frame.weight)
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let (node, weight) = anchors[name] else {
                throw Diagnostic(.yamlSyntax, "alias '*\(name)' names no anchor", file: file, at: location)
            }
            expanded += weight
            guard expanded <= maxAliasExpansion else {
                throw Diagnostic(
                    .limitExceeded,
                    "aliases expand to more than \(maxAliasExpansion) nodes (an alias bomb?)", file: file, at: location)
            }
            var copy = node
            copy.location = location
            try add(copy, weight: weight)
        default:
            break
        }
        return false
    }

    /// The indentation of a block scalar's first line with text, at or after the 0-based `line`.
    private mutating func blockIndent(afterLine line: Int) -> Int? {
        if lineStarts == nil { lineStarts = bytes.lineStartOffsets }
        guard let starts = lineStarts else { return nil }
        var current = line
        while current < starts.count {
            var index = starts[current]
            var spaces = 0
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") {
                spaces += 1
                index += 1
            }
            if index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") {
                return spaces
            }
            current += 1
        }
        return nil
    }

    private mutating func add(_ node: YAMLNode, weight: Int) throws(Diagnostic) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].weight += weight
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let (key, keyLocation) = stack[top].pendingKey else {
            guard case .scalar(let scalar) = node.content else {
                throw Diagnostic(
                    .yamlSyntax, "a mapping key must be a scalar, not \(node.kindName)", file: file, at: node.location)
            }
            stack[top].pendingKey = (scalar.text, node.location)
            return
        }
        stack[top].pendingKey = nil
        if key == "<<" {
            mergeKey(node, into: top)
            return
        }
        let pair = YAMLNode.Pair(key: key, keyLocation: keyLocation, value: node)
        if let existing = indexOfKey(key, in: top) {
            if stack[top].merged.remove(key) == nil {
                warnings.append(
                    Diagnostic(
                        .duplicateKey,
                        "duplicate key '\(key)' (first at line \(stack[top].pairs[existing].keyLocation.line)); the last one is used",
                        file: file, at: keyLocation))
            }
            stack[top].pairs[existing] = pair
            return
        }
        append(pair, to: top)
    }

    private mutating func append(_ pair: YAMLNode.Pair, to top: Int) {
        let count = stack[top].pairs.count
        stack[top].keyIndex?[pair.key] = count
        stack[top].pairs.append(pair)
        if stack[top].keyIndex == nil && stack[top].pairs.count == 16 {
            stack[top].keyIndex = Dictionary(
                stack[top].pairs.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    private func indexOfKey(_ key: String, in top: Int) -> Int? {
        if let index = stack[top].keyIndex { return index[key] }
        return stack[top].pairs.firstIndex { $0.key == key }
    }

    /// YAML 1.1 merge keys: `<<: *base` adds the keys the mapping does not already have; keys
    /// the mapping states itself, before or after, win without a warning.
    private mutating func mergeKey(_ node: YAMLNode, into top: Int) {
        let sources = node.items ?? [node]
        for source in sources {
            for pair in source.pairs ?? [] where indexOfKey(pair.key, in: top) == nil {
                append(pair, to: top)
                stack[top].merged.insert(pair.key)
            }
        }
    }

    private static func kind(forTag tag: String, text: String) -> YAMLScalar.Kind {
        switch tag {
        case "tag:yaml.org,2002:int": return .int
        case "tag:yaml.org,2002:float": return .float
        case "tag:yaml.org,2002:bool": return .bool
        case "tag:yaml.org,2002:null": return .null
        default: return .string
        }
    }
}
