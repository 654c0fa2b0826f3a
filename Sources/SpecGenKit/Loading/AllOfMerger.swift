/// Resolves `allOf` on YAML the way the spec's Hugo templates do (`json-schema/resolve-allof`):
/// the members are merged deeply, each later one over the ones before, and the schema's own keys
/// over all of them; `required` lists are united.
///
/// So a member that restates a property only to annotate it (`{properties: {encryption:
/// {x-addedInMatrixVersion: "1.15"}}}`) adds the annotation to the property and keeps its type,
/// description and values. A merged mapping is marked ``YAMLNode/isComposed``, for readers that
/// care how a schema was declared (gendoc's examples do).
enum AllOfMerger {
    /// The node with every `allOf` inside it merged; the node itself when it holds none.
    static func resolve(_ node: YAMLNode) -> YAMLNode {
        merged(node) ?? node
    }

    /// `nil` when nothing inside `node` changed, so unchanged subtrees are not copied.
    private static func merged(_ node: YAMLNode) -> YAMLNode? {
        guard node.keysBelow.contains(.allOf) else { return nil }
        switch node.content {
        case .scalar, .sequence:
            return node.replacingChildren(merged)
        case .mapping(let pairs):
            guard let allOf = node.pair("allOf"), let members = allOf.value.items else {
                return node.replacingChildren(merged)
            }
            var result: [YAMLNode.Pair] = []
            var required: [YAMLNode] = node["required"]?.items ?? []
            for member in members {
                let resolved = resolve(member)
                for name in resolved["required"]?.items ?? []
                where !required.contains(where: { $0.string == name.string }) {
                    required.append(name)
                }
                result = merge(result, resolved.pairs ?? [])
            }
            for pair in pairs where pair.key != "allOf" && pair.key != "required" {
                var own = pair
                own.value = resolve(pair.value)
                result = merge(result, [own])
            }
            if !required.isEmpty || node["required"] != nil {
                let location = node.pair("required")?.keyLocation ?? allOf.keyLocation
                let list = YAMLNode(.sequence(required), at: node["required"]?.location ?? location, file: node.file)
                result = merge(result, [YAMLNode.Pair(key: "required", keyLocation: location, value: list)])
            }
            var composed = YAMLNode(.mapping(result), at: node.location, file: node.file)
            composed.isComposed = true
            return composed
        }
    }

    /// `over`'s keys on `base`: mappings merge key by key, anything else is replaced; new keys go last.
    static func merge(_ base: [YAMLNode.Pair], _ over: [YAMLNode.Pair]) -> [YAMLNode.Pair] {
        var result = base
        for pair in over {
            guard let index = result.firstIndex(where: { $0.key == pair.key }) else {
                result.append(pair)
                continue
            }
            if let old = result[index].value.pairs, let new = pair.value.pairs {
                let value = result[index].value
                result[index].value = YAMLNode(.mapping(merge(old, new)), at: value.location, file: value.file)
            } else {
                result[index] = pair
            }
        }
        return result
    }
}
