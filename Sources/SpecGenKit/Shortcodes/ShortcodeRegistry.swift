/// Every shortcode specgen knows, and the one place where a call is checked against what its
/// shortcode declares: unknown shortcodes, unknown arguments and missing ones are diagnostics at
/// the name or argument, with the nearest known name.
enum ShortcodeRegistry {
    /// Adding a shortcode is a type of its own in this folder and a line here.
    static let entries: [any Shortcode.Type] = [
        HTTPAPIShortcode.self, EventShortcode.self, EventGroupShortcode.self, EventFieldsShortcode.self,
        MsgtypesShortcode.self, DefinitionShortcode.self, JSONSchemaShortcode.self, BoxShortcode.self,
        AddedInShortcode.self, ChangedInShortcode.self, CSModuleShortcode.self, CSModulesShortcode.self,
        RverFragmentShortcode.self, SASEmojisShortcode.self, ProposalTablesShortcode.self, DiagramShortcode.self,
        ChangelogsShortcode.self, ChangelogChangesShortcode.self, ChangelogRenderedShortcode.self,
        ChangelogDescriptionShortcode.self, RefShortcode.self,
    ]

    private static let byName: [String: any Shortcode.Type] = {
        var table: [String: any Shortcode.Type] = [:]
        for entry in entries {
            for name in entry.allNames {
                precondition(table[name] == nil, "two shortcodes are called '\(name)'")
                table[name] = entry
            }
        }
        return table
    }()

    static func entry(named name: String) -> (any Shortcode.Type)? { byName[name] }

    /// Every name a tree may call, in the order of the entries.
    static let names: [String] = entries.flatMap { $0.allNames }

    /// Whether a call of this name that encloses nothing stands as a block: unknown names sit
    /// inline, so that the text around them stays one paragraph.
    static func isBlock(_ name: String) -> Bool { byName[name]?.placement == .block }

    /// The text a shortcode that stands for a value is replaced by; `nil` for others.
    static func value(of name: String, parameters: [String: String], formats: [String: OutputFormat]) -> String? {
        guard let entry = byName[name], entry.placement == .value else { return nil }
        return entry.value(of: parameters, formats: formats)
    }

    // MARK: Checking calls

    /// The call checked against its shortcode's signature for this tree, with what is wrong.
    /// - Returns: `nil` for a shortcode no entry names.
    static func bind(_ call: ShortcodeCall, templates: ShortcodeTemplates) -> (
        entry: any Shortcode.Type, call: BoundShortcode, findings: [(Finding, SourceLocation)]
    )? {
        guard let entry = byName[call.name] else { return nil }
        let signature = signature(for: entry, templates: templates)
        var findings: [(Finding, SourceLocation)] = []
        for (name, _) in call.parameters.sorted(by: { $0.key < $1.key }) where signature.argument(name) == nil {
            let known = signature.arguments.map(\.name)
            let positional = Int(name) != nil
            var message =
                positional
                ? "'\(call.name)' takes no argument without a name; it takes \(list(known))"
                : "'\(call.name)' has no argument '\(name)'; it takes \(list(known))"
            if !positional, let nearest = Suggestion.nearest(to: name, among: known) {
                message += "; did you mean '\(nearest)'?"
            }
            findings.append(
                (Finding(.unknownShortcodeArgument, message), call.parameterLocations[name] ?? call.location))
        }
        for argument in signature.arguments where argument.isRequired && call.parameters[argument.name] == nil {
            findings.append(
                (
                    Finding(
                        .missingShortcodeArgument,
                        "'\(call.name)' needs the argument '\(argument.name)' (\(argument.kind.rawValue))"),
                    call.location
                ))
        }
        return (entry, BoundShortcode(call: call, signature: signature), findings)
    }

    /// Why a call names no shortcode, with the tree's template of that name or the nearest name.
    static func unknown(_ call: ShortcodeCall, templates: ShortcodeTemplates) -> Finding {
        if let file = templates.files[call.name] {
            return Finding(
                .unknownShortcode,
                "unknown shortcode '\(call.name)': the tree's \(file) defines it for Hugo, and specgen renders only the shortcodes it knows; only the text inside it is shown"
            )
        }
        var message = "unknown shortcode '\(call.name)'; only the text inside it is shown"
        if let nearest = Suggestion.nearest(to: call.name, among: names) {
            message += "; did you mean '\(nearest)'?"
        }
        return Finding(.unknownShortcode, message)
    }

    /// The signature a tree's template reads: the first, newest, whose required arguments the
    /// template reads all of; the newest when the tree has no template for it.
    static func signature(for entry: any Shortcode.Type, templates: ShortcodeTemplates) -> ShortcodeSignature {
        guard entry.signatures.count > 1, let read = templates.parametersRead(by: entry.allNames) else {
            return entry.signatures[0]
        }
        return entry.signatures.first { signature in
            signature.arguments.filter(\.isRequired).allSatisfy { read.contains($0.name) }
        } ?? entry.signatures[0]
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.map { "'\($0)'" }.joined(separator: ", ")
    }

    // MARK: What the tree's templates say

    /// Reads the tree's shortcode templates (`layouts/_shortcodes/<name>.html`): the parameters each
    /// reads, and what else they decide.
    static func readTemplates(_ read: (String) -> String?) -> (ShortcodeTemplates, LayoutTraits) {
        var templates = ShortcodeTemplates()
        var traits = LayoutTraits()
        for entry in entries {
            for name in entry.allNames {
                guard let text = read(name) else { continue }
                templates.parameters[name] = ShortcodeTemplates.parameters(readBy: text)
                entry.read(template: text, into: &traits)
            }
        }
        return (templates, traits)
    }

    /// The data every call of these documents needs, each once.
    static func data(for calls: [ShortcodeCall], templates: ShortcodeTemplates, tree: ShortcodeTree) -> [ShortcodeData]
    {
        var seen = Set<ShortcodeData>()
        var needed: [ShortcodeData] = []
        for call in calls {
            guard let (entry, bound, _) = bind(call, templates: templates) else { continue }
            for data in entry.data(for: bound, in: tree) where seen.insert(data).inserted { needed.append(data) }
        }
        return needed
    }
}

/// The parameters that the tree's own template of each shortcode reads: what a call of that tree
/// means by its arguments (`cs-module`'s `name` was the file until v1.17, then its title).
struct ShortcodeTemplates: Sendable, Hashable {
    /// By shortcode name; absent when the tree has no template of that name.
    var parameters: [String: Set<String>] = [:]
    /// Every shortcode template of the tree (`layouts/_shortcodes/<name>.html`) by name, with its
    /// path, known to specgen or not: what an unknown call is told to look at.
    var files: [String: String] = [:]

    func parametersRead(by names: [String]) -> Set<String>? {
        names.lazy.compactMap { parameters[$0] }.first
    }

    /// `.Params.name`, `.Get "name"` and `.Params.Get "name"` in a Go template.
    static func parameters(readBy template: String) -> Set<String> {
        var found = Set<String>()
        let bytes = Array(template.utf8)
        func word(from start: Int) -> String? {
            var end = start
            while end < bytes.count,
                bytes[end] == UInt8(ascii: "_") || (bytes[end] < 0x80 && Character(UnicodeScalar(bytes[end])).isLetter)
                    || (bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9"))
            {
                end += 1
            }
            return end > start ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
        }
        for prefix in [".Params.", ".Get \""] {
            let needle = Array(prefix.utf8)
            var index = 0
            while let range = bytes.firstRangeOfBytes(needle, from: index) {
                if let name = word(from: range.upperBound), name != "Get" { found.insert(name) }
                index = range.upperBound
            }
        }
        return found
    }
}
