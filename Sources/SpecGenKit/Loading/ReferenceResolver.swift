import Synchronization

/// Replaces every `$ref` in a YAML tree by the node it points to.
///
/// A reference is a relative file and an optional JSON pointer (`definitions/a.yaml#/b/c`).
/// Keys next to a `$ref` override the target's. A cycle, a missing target, a target that is not
/// a regular file, or a path that leaves the source root is reported at the `$ref`'s line and
/// column, and the reference is dropped. Resolved targets are shared within a build, each with
/// the inputs it read and the problems it had, so every document that uses one depends on its files.
final class ReferenceResolver: Sendable {
    let documents: YAMLDocuments

    private struct Resolved: Sendable {
        var node: YAMLNode
        var inputs: [InputKey: InputDigest]
        var diagnostics: [Diagnostic]
    }

    private let memo = Mutex<[String: Resolved]>([:])

    /// The deepest chain of references followed.
    let maxChain = 64

    init(documents: YAMLDocuments) {
        self.documents = documents
    }

    /// A reference being followed: the target's key, and where the `$ref` that led to it is.
    private struct Link {
        var key: String
        var file: String
        var location: SourceLocation
    }

    private struct Walk {
        var reader: SourceReader
        var diagnostics: DiagnosticCollector
        var chain: [Link] = []
    }

    /// The node with every reference inside it resolved; what it read is noted in the reader's recorder.
    func resolve(_ node: YAMLNode, reader: SourceReader, diagnostics: DiagnosticCollector) -> YAMLNode {
        var walk = Walk(reader: reader, diagnostics: diagnostics)
        return resolve(node, walk: &walk) ?? node
    }

    /// Returns `nil` when nothing inside `node` changed, so unchanged subtrees are not copied.
    /// - Parameter fallback: a folder to try when a relative reference does not resolve from its own file.
    ///   Keys beside a `$ref` get the target's folder: matrix-doc's examples rely on it.
    private func resolve(_ node: YAMLNode, walk: inout Walk, fallback: String? = nil) -> YAMLNode? {
        guard node.keysBelow.contains(.reference) else { return nil }
        if let reference = node.pair("$ref"), let target = reference.value.string {
            return follow(target, from: node, reference: reference, walk: &walk, fallback: fallback)
        }
        return node.replacingChildren { resolve($0, walk: &walk, fallback: fallback) }
    }

    /// Where a relative reference leads from a folder, following git's checked-out symlinks: a
    /// small file whose whole content is a relative path stands for a link when the reference goes
    /// through it (matrix-doc's `definitions/event-schemas`).
    private func locate(_ reference: String, from folder: String, reader: SourceReader) -> Result<
        String, SourceFileError
    > {
        guard !reference.hasPrefix("/"), var path = SourcePath.join(folder, reference) else {
            return .failure(.outsideRoot)
        }
        switch reader.kind(path) {
        case .file: return .success(path)
        case .directory: return .failure(.directory)
        case .special: return .failure(.special)
        case .outsideRoot: return .failure(.outsideRoot)
        case .badName: return .failure(.badName)
        case .missing: break
        }
        let components = path.split(separator: "/")
        var resolved = ""
        for (index, component) in components.enumerated() {
            let candidate = SourcePath.child(resolved, String(component))
            if index < components.count - 1, case .file(let size) = reader.kind(candidate), size > 0, size < 512,
                case .success(let bytes) = reader.read(candidate)
            {
                let target = String(decoding: bytes, as: UTF8.self).trimming("\n").trimming(" ")
                if !target.contains("\n"), !target.hasPrefix("/"), !target.isEmpty,
                    let joined = SourcePath.join(SourcePath.parent(candidate), target)
                {
                    resolved = joined
                    continue
                }
            }
            resolved = candidate
        }
        path = resolved
        switch reader.kind(path) {
        case .file: return .success(path)
        case .directory: return .failure(.directory)
        case .special: return .failure(.special)
        case .outsideRoot: return .failure(.outsideRoot)
        case .badName: return .failure(.badName)
        case .missing: return .failure(.missing)
        }
    }

    private func follow(
        _ target: String, from node: YAMLNode, reference: YAMLNode.Pair, walk: inout Walk, fallback: String?
    ) -> YAMLNode {
        let siblings = (node.pairs ?? []).filter { $0.key != "$ref" }
        var hash = target.firstRangeOfBytes("#")?.lowerBound
        // A fragment that is no JSON pointer can be part of the file's name: matrix-doc's examples
        // were named `m.room.message#m.text` until 2019, and its resolver opened the path as written.
        if let found = hash, found != target.startIndex, !target[target.index(after: found)...].hasPrefix("/"),
            case .success = locate(
                target.removingPercentEncodingIfPossible, from: SourcePath.parent(node.file), reader: walk.reader)
        {
            hash = nil
        }
        let filePart = String(hash.map { target[..<$0] } ?? target[...])
        let rawPointer = hash.map { String(target[target.index(after: $0)...]) } ?? ""
        var file = node.file
        var problem: String?
        let decodedFile = filePart.removingPercentEncodingIfPossible
        if decodedFile.containsByte(0) || rawPointer.removingPercentEncodingIfPossible.containsByte(0) {
            problem = "$ref '\(target.replacingOccurrences(of: "\0", with: "\\0"))' holds a NUL byte"
        } else if !filePart.isEmpty {
            var found = locate(decodedFile, from: SourcePath.parent(node.file), reader: walk.reader)
            if case .failure(let error) = found, error == .missing || error == .outsideRoot, let fallback {
                if case .success(let path) = locate(decodedFile, from: fallback, reader: walk.reader) {
                    found = .success(path)
                }
            }
            switch found {
            case .success(let path): file = path
            case .failure(.outsideRoot): problem = "$ref '\(target)' leaves the source root"
            case .failure(.missing): problem = "$ref target '\(filePart)' does not exist"
            case .failure(.directory): problem = "$ref target '\(filePart)' is a folder, not a file"
            case .failure(.special): problem = "$ref target '\(filePart)' is not a regular file; it is not read"
            case .failure(let other): problem = "$ref target '\(filePart)': \(other.message)"
            }
        }
        let siblingFallback = problem == nil ? SourcePath.parent(file) : fallback
        let siblingNode = YAMLNode(.mapping(siblings), at: node.location, file: node.file)
        let resolvedSiblings = resolve(siblingNode, walk: &walk, fallback: siblingFallback) ?? siblingNode
        func report(_ message: String) -> YAMLNode {
            // With keys beside it the schema is still shown, from those keys.
            walk.diagnostics.emit(
                Diagnostic(
                    siblings.isEmpty ? .refNotFound : .refFallback, message, file: node.file,
                    at: reference.value.location))
            return resolvedSiblings
        }
        if let problem { return report(problem) }
        let pointer: JSONPointer
        switch JSONPointer.parse(rawPointer) {
        case .success(let parsed): pointer = parsed
        case .failure(let problem): return report("$ref '\(target)': \(problem.message)")
        }
        let key = "\(file)#\(pointer.tokens.joined(separator: "/"))"
        if let cycleStart = walk.chain.firstIndex(where: { $0.key == key }) {
            reportCycle(from: cycleStart, closingAt: node.file, reference.value.location, walk: walk)
            return resolvedSiblings
        }
        guard walk.chain.count < maxChain else {
            walk.diagnostics.emit(
                Diagnostic(
                    .limitExceeded, "$ref chain is longer than \(maxChain) references", file: node.file,
                    at: reference.value.location))
            return resolvedSiblings
        }
        var resolved: YAMLNode
        if let cached = memo.withLock({ $0[key] }) {
            walk.reader.recorder?.merge(cached.inputs)
            walk.diagnostics.emit(contentsOf: cached.diagnostics)
            resolved = cached.node
        } else {
            let recorder = DependencyRecorder()
            let collector = DiagnosticCollector()
            var inner = Walk(reader: walk.reader.recording(into: recorder), diagnostics: collector, chain: walk.chain)
            inner.chain.append(Link(key: key, file: node.file, location: reference.value.location))
            guard let document = documents.document(file, reader: inner.reader, diagnostics: collector) else {
                walk.reader.recorder?.merge(recorder.inputs)
                walk.diagnostics.emit(contentsOf: collector.found)
                return resolvedSiblings
            }
            guard let pointed = pointer.locate(in: document) else {
                walk.reader.recorder?.merge(recorder.inputs)
                walk.diagnostics.emit(contentsOf: collector.found)
                return report("$ref '\(target)': no '\(rawPointer)' in \(file)")
            }
            resolved = resolve(pointed, walk: &inner) ?? pointed
            let entry = Resolved(node: resolved, inputs: recorder.inputs, diagnostics: collector.found)
            // A target inside a cycle depends on where the walk started; only complete ones are shared.
            if !entry.diagnostics.contains(where: { $0.id == .refCycle }) {
                memo.withLock { $0[key] = entry }
            }
            walk.reader.recorder?.merge(entry.inputs)
            walk.diagnostics.emit(contentsOf: entry.diagnostics)
        }
        guard !siblings.isEmpty else { return resolved }
        return Self.overlay(resolvedSiblings, on: resolved)
    }

    /// Reports a loop the same way whichever file a walk starts from: at its first `$ref` by file
    /// and position, listing the files from the one holding that `$ref`.
    private func reportCycle(from cycleStart: Int, closingAt file: String, _ location: SourceLocation, walk: Walk) {
        let keys = walk.chain[cycleStart...].map(\.key)
        var references = walk.chain[(cycleStart + 1)...].map { ($0.file, $0.location) }
        references.append((file, location))
        let order = references.indices.min { a, b in
            let (fileA, locationA) = references[a], (fileB, locationB) = references[b]
            return fileA != fileB ? fileA < fileB : locationA < locationB
        }!
        let rotated = Array(keys[order...] + keys[..<order])
        let loop = (rotated + [rotated[0]]).map { $0.hasSuffix("#") ? String($0.dropLast()) : $0 }.joined(
            separator: " -> ")
        let (reportFile, reportLocation) = references[order]
        walk.diagnostics.emit(Diagnostic(.refCycle, "$ref cycle: \(loop)", file: reportFile, at: reportLocation))
    }

    /// The target's keys, with the `$ref`'s sibling keys replacing or joining them, placed where the `$ref` is.
    static func overlay(_ siblings: YAMLNode, on target: YAMLNode) -> YAMLNode {
        guard var pairs = target.pairs, let extra = siblings.pairs else { return siblings }
        for pair in extra {
            if let index = pairs.firstIndex(where: { $0.key == pair.key }) {
                pairs[index] = pair
            } else {
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), at: siblings.location, file: siblings.file)
    }
}

/// An RFC 6901 JSON pointer (`/a/b~1c/0`).
struct JSONPointer {
    let tokens: [String]

    struct Problem: Error {
        var message: String
    }

    /// - Returns: the pointer, or why it is not one (a missing `/`, a bad escape).
    static func parse(_ text: String) -> Result<JSONPointer, Problem> {
        let decoded = text.removingPercentEncodingIfPossible
        guard !decoded.isEmpty else { return .success(JSONPointer(tokens: [])) }
        guard decoded.hasPrefix("/") else {
            return .failure(Problem(message: "the JSON pointer '\(text)' must start with '/'"))
        }
        var tokens: [String] = []
        for raw in decoded.splittingBytes("/").dropFirst() {
            // Most tokens have no escape: they are what they say.
            guard raw.containsByte(UInt8(ascii: "~")) else {
                tokens.append(String(raw))
                continue
            }
            var token = ""
            var characters = raw.makeIterator()
            while let character = characters.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch characters.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default:
                    return .failure(Problem(message: "'~' in the JSON pointer '\(text)' must be followed by 0 or 1"))
                }
            }
            tokens.append(token)
        }
        return .success(JSONPointer(tokens: tokens))
    }

    /// The node the pointer names; an array index must be `0` or start with another digit.
    func locate(in node: YAMLNode) -> YAMLNode? {
        var current = node
        for token in tokens {
            if let next = current[token] {
                current = next
            } else if let items = current.items, let index = Int(token), token.allSatisfy(\.isNumber),
                token == "0" || !token.hasPrefix("0"), items.indices.contains(index)
            {
                current = items[index]
            } else {
                return nil
            }
        }
        return current
    }
}
