import Synchronization

/// Replaces every `$ref` in a YAML tree by the node it points to.
///
/// A reference is a relative file and an optional JSON pointer (`definitions/a.yaml#/b/c`).
/// Keys next to a `$ref` override the target's. A cycle, a missing target or a path that leaves
/// the source root is reported at the `$ref`'s line and column, and the reference is dropped.
public final class ReferenceResolver: Sendable {
    public let tree: SourceTree
    /// Resolved targets by `file#pointer`: shared definitions are resolved once.
    private let memo = Mutex<[String: (node: YAMLNode, files: Set<FileID>)]>([:])
    /// A reference being followed: the target's key, and where the `$ref` that led to it is.
    private struct Link {
        var key: String
        var file: FileID
        var location: SourceLocation
    }

    /// The deepest chain of references followed.
    public let maxChain = 64

    public init(tree: SourceTree) {
        self.tree = tree
    }

    /// The node with every reference inside it resolved.
    public func resolve(_ node: YAMLNode) -> YAMLNode {
        resolveTrackingFiles(node).node
    }

    /// The resolved node and every file its references reached, for knowing when to resolve it again.
    /// - Parameter diagnostics: where problems go; by default the tree's collector.
    public func resolveTrackingFiles(_ node: YAMLNode, reportingTo diagnostics: DiagnosticCollector? = nil) -> (node: YAMLNode, files: Set<FileID>) {
        var walk = Walk(diagnostics: diagnostics ?? tree.diagnostics)
        let resolved = resolve(node, walk: &walk) ?? node
        return (resolved, walk.files.union([node.file]))
    }

    /// The references being followed, and the files reached so far.
    private struct Walk {
        var diagnostics: DiagnosticCollector
        var chain: [Link] = []
        var files: Set<FileID> = []
    }

    /// Returns `nil` when nothing inside `node` changed, so unchanged subtrees are not copied.
    /// - Parameter fallback: a folder to try when a relative reference does not resolve from its own file.
    ///   Keys beside a `$ref` get the target's folder: matrix-doc's examples rely on it.
    private func resolve(_ node: YAMLNode, walk: inout Walk, fallback: String? = nil) -> YAMLNode? {
        switch node.content {
        case .scalar:
            return nil
        case .sequence(let items):
            var changed: [YAMLNode]?
            for (index, item) in items.enumerated() {
                if let resolved = resolve(item, walk: &walk, fallback: fallback) {
                    if changed == nil { changed = items }
                    changed![index] = resolved
                }
            }
            return changed.map { YAMLNode(.sequence($0), at: node.location, file: node.file) }
        case .mapping(let pairs):
            if let reference = node.pair("$ref"), let target = reference.value.string {
                return follow(target, from: node, reference: reference, walk: &walk, fallback: fallback)
            }
            var changed: [YAMLNode.Pair]?
            for (index, pair) in pairs.enumerated() {
                if let resolved = resolve(pair.value, walk: &walk, fallback: fallback) {
                    if changed == nil { changed = pairs }
                    changed![index].value = resolved
                }
            }
            return changed.map { YAMLNode(.mapping($0), at: node.location, file: node.file) }
        }
    }

    private func follow(
        _ target: String, from node: YAMLNode, reference: YAMLNode.Pair, walk: inout Walk, fallback: String?
    ) -> YAMLNode {
        let siblings = (node.pairs ?? []).filter { $0.key != "$ref" }
        let display = tree.displayPath(of: node.file)
        let hash = target.firstIndex(of: "#")
        let filePart = String(hash.map { target[..<$0] } ?? target[...])
        let pointer = hash.map { String(target[target.index(after: $0)...]) } ?? ""
        var file = node.file
        var problem: String?
        if !filePart.isEmpty {
            let reference = filePart.removingPercentEncodingIfPossible
            let own = tree.resolve(reference, from: SourceTree.parentDirectory(tree.absolutePath(of: node.file)))
            let candidates = [own] + (fallback.map { [tree.resolve(reference, from: $0)] } ?? [])
            if let found = candidates.first(where: { let usable = tree.check($0); return usable.inside && usable.exists }) {
                file = tree.id(for: found)
            } else if !tree.check(own).inside {
                problem = "$ref '\(target)' leaves the source root"
            } else {
                problem = "$ref target '\(filePart)' does not exist"
                // Creating the file later changes the result.
                walk.files.insert(tree.id(for: own))
            }
        }
        let siblingFallback = problem == nil ? SourceTree.parentDirectory(tree.absolutePath(of: file)) : fallback
        let siblingNode = YAMLNode(.mapping(siblings), at: node.location, file: node.file)
        let resolvedSiblings = resolve(siblingNode, walk: &walk, fallback: siblingFallback) ?? siblingNode
        func report(_ message: String) -> YAMLNode {
            // With keys beside it the schema is still usable, so a missing target is only a warning.
            let severity: Diagnostic.Severity = siblings.isEmpty ? .error : .warning
            walk.diagnostics.emit(Diagnostic(severity, message, file: display, at: reference.value.location))
            return resolvedSiblings
        }
        if let problem { return report(problem) }
        let key = "\(file)#\(pointer)"
        if let cycleStart = walk.chain.firstIndex(where: { $0.key == key }) {
            // Whichever file a walk starts from, report the loop the same way: at its first
            // `$ref` by file and position, listing the files from the one holding that `$ref`.
            let keys = walk.chain[cycleStart...].map(\.key)
            var references = walk.chain[(cycleStart + 1)...].map { ($0.file, $0.location) }
            references.append((node.file, reference.value.location))
            let order = references.indices.min { a, b in
                let (fileA, locationA) = references[a], (fileB, locationB) = references[b]
                let pathA = tree.displayPath(of: fileA), pathB = tree.displayPath(of: fileB)
                return pathA != pathB ? pathA < pathB : locationA < locationB
            }!
            let rotated = Array(keys[order...] + keys[..<order])
            let loop = (rotated + [rotated[0]]).map(describe).joined(separator: " -> ")
            let (file, location) = references[order]
            walk.diagnostics.emit(.error("$ref cycle: \(loop)", file: tree.displayPath(of: file), at: location))
            return resolvedSiblings
        }
        guard walk.chain.count < maxChain else {
            return report("$ref chain is longer than \(maxChain) references")
        }
        var resolved: YAMLNode
        walk.files.insert(file)
        if let cached = memo.withLock({ $0[key] }) {
            resolved = cached.node
            walk.files.formUnion(cached.files)
        } else {
            // A file that does not parse has its own diagnostic already.
            guard let document = tree.reporting(to: walk.diagnostics).document(file) else { return resolvedSiblings }
            guard let pointed = JSONPointer(pointer).locate(in: document) else {
                return report("$ref '\(target)': no '\(pointer)' in \(tree.displayPath(of: file))")
            }
            let outerFiles = walk.files
            walk.files = [file]
            walk.chain.append(Link(key: key, file: node.file, location: reference.value.location))
            resolved = resolve(pointed, walk: &walk) ?? pointed
            walk.chain.removeLast()
            let targetFiles = walk.files
            walk.files = outerFiles.union(targetFiles)
            memo.withLock { $0[key] = (resolved, targetFiles) }
        }
        guard !siblings.isEmpty else { return resolved }
        return Self.overlay(resolvedSiblings, on: resolved)
    }

    private func describe(_ key: String) -> String {
        let parts = key.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = Int32(parts[0]).map { tree.displayPath(of: $0) } ?? String(parts[0])
        return parts.count > 1 && !parts[1].isEmpty ? "\(path)#\(parts[1])" : path
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

    init(_ text: String) {
        let decoded = text.removingPercentEncodingIfPossible
        tokens = decoded.split(separator: "/", omittingEmptySubsequences: true).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    func locate(in node: YAMLNode) -> YAMLNode? {
        var current = node
        for token in tokens {
            if let next = current[token] {
                current = next
            } else if let items = current.items, let index = Int(token), items.indices.contains(index) {
                current = items[index]
            } else {
                return nil
            }
        }
        return current
    }
}
