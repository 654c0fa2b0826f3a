/// Reads matrix-doc's prose as gendoc did: `specification/targets.yaml` names the pages, each
/// the concatenation of its RST files with their titles moved down to the depth the target
/// gives; `{{variables}}` become the components the site renders elsewhere (endpoints, events,
/// definitions, event groups), and `%…%` placeholders their values.
struct RSTProseLoader {
    let context: LoadContext
    let folder: String
    let spec: Spec
    /// See ``definitionPaths(apiDirectory:reader:)``.
    private let definitions: [String: String]

    init(context: LoadContext, folder: String, spec: Spec) {
        self.context = context
        self.folder = folder
        self.spec = spec
        definitions = Self.definitionPaths(apiDirectory: spec.layout.apiDirectory ?? "api", reader: context.reader)
    }

    /// One page of `targets.yaml`.
    struct Target: Sendable {
        var name: String
        /// The files, each with the levels its titles move down by.
        var files: [(path: String, depth: Int, location: SourceLocation)]
        var versionLabel: String?
        var weight: Int
    }

    /// gendoc's `%…%` placeholders, all at their defaults, as gendoc builds an unreleased tree.
    /// `%proposalscssinjection%` is where the published site's `proposals.py` put the style of
    /// the proposal tables it fetched from GitHub; without those tables it is nothing.
    static let placeholders = [
        "%CLIENT_RELEASE_LABEL%": "unstable", "%SERVER_RELEASE_LABEL%": "unstable",
        "%APPSERVICE_RELEASE_LABEL%": "unstable", "%IDENTITY_RELEASE_LABEL%": "unstable",
        "%PUSH_GATEWAY_RELEASE_LABEL%": "unstable", "%CLIENT_MAJOR_VERSION%": "r0",
        "%proposalscssinjection%": "",
    ]

    /// What the two-letter codes of `<file>_<code>_http_api` name: the API folders.
    static let apiCodes = [
        "cs": "client-server", "ss": "server-server", "as": "application-service", "is": "identity",
        "push": "push-gateway",
    ]

    var targetsFile: String { SourcePath.child(folder, "targets.yaml") }

    func targets() -> (targets: [Target], titleStyles: [Character]) {
        guard context.reader.isFile(targetsFile) else {
            reportProseWithoutTargets()
            return ([], [])
        }
        guard
            let root = context.documents.document(targetsFile, reader: context.reader, diagnostics: context.diagnostics)
        else { return ([], []) }
        let styles = (root["title_styles"]?.items ?? []).compactMap { $0.string?.first }
        var groups: [String: [YAMLNode]] = [:]
        for pair in root["groups"]?.pairs ?? [] { groups[pair.key] = pair.value.items ?? [] }
        var targets: [Target] = []
        for (weight, pair) in (root["targets"]?.pairs ?? []).enumerated() {
            var files: [(String, Int, SourceLocation)] = []
            /// A file, `{depth: file}` or `group:name`; `reading` holds the groups being read, so that
            /// a group that includes itself ends.
            func add(_ node: YAMLNode, depth: Int, reading: Set<String>) {
                if let name = node.string {
                    guard name.hasPrefix("group:") else {
                        files.append((SourcePath.child(folder, name), depth, node.location))
                        return
                    }
                    let group = String(name.dropFirst(6))
                    guard let members = groups[group] else {
                        report(.includeNotFound, "there is no group '\(group)' in targets.yaml", at: node)
                        return
                    }
                    guard !reading.contains(group) else {
                        report(.invalidSetting, "the group '\(group)' includes itself; it is read once", at: node)
                        return
                    }
                    for member in members { add(member, depth: depth, reading: reading.union([group])) }
                } else if let pairs = node.pairs {
                    for pair in pairs { add(pair.value, depth: Int(pair.key) ?? depth, reading: reading) }
                }
            }
            for file in pair.value["files"]?.items ?? [] { add(file, depth: 0, reading: []) }
            targets.append(
                Target(name: pair.key, files: files, versionLabel: pair.value["version_label"]?.string, weight: weight))
        }
        return (targets, styles.isEmpty ? Array("=-~+^`@:") : styles)
    }

    private func report(_ id: DiagnosticID, _ message: String, at node: YAMLNode) {
        context.diagnostics.emit(Diagnostic(id, message, file: node.file, at: node.location))
    }

    // MARK: URLs

    /// The site's URL of a target: an API's page for an API's target (`client_server` is
    /// `client-server/`), `rooms/v1/` for `rooms@v1`, home for `index`.
    func url(of target: Target) -> String {
        if target.name == "index" { return "" }
        let hyphenated = target.name.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: "@", with: "/")
        if let api = spec.apis.first(where: { hyphenated == $0.name || hyphenated.hasPrefix($0.name + "-") }) {
            return api.name + "/"
        }
        return hyphenated + "/"
    }

    /// The URL gendoc wrote the target at: `client_server/unstable.html`, `rooms/v1.html`, `index.html`.
    static func gendocURL(of target: Target) -> String {
        if let label = target.versionLabel, target.name.contains("@") == false {
            return target.name + "/" + Self.substituted(label) + ".html"
        }
        return target.name.replacingOccurrences(of: "@", with: "/") + ".html"
    }

    /// A name as gendoc's variables write it: `m.room.message$m.text` → `m_room_message_m_text`.
    static func underscored(_ name: String, replacing characters: String) -> String {
        String(name.map { characters.contains($0) ? "_" : $0 })
    }

    /// The text with each of gendoc's placeholders (`%CLIENT_MAJOR_VERSION%`) replaced, in one pass.
    static func substituted(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // A placeholder is `%` and a word of letters and underscores closed by `%`.
            if byte == UInt8(ascii: "%") {
                var end = index + 1
                while end < bytes.count,
                    bytes[end] == UInt8(ascii: "_")
                        || (bytes[end] | 0x20) >= UInt8(ascii: "a")
                            && (bytes[end] | 0x20) <= UInt8(ascii: "z")
                {
                    end += 1
                }
                if end < bytes.count, bytes[end] == UInt8(ascii: "%"), end > index + 1,
                    let value = placeholders[String(decoding: bytes[index...end], as: UTF8.self)]
                {
                    result += value.utf8
                    index = end + 1
                    continue
                }
            }
            result.append(byte)
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    // MARK: Pages

    /// gendoc before 2016 joined every `specification/*.rst` into one page, without a
    /// `targets.yaml`: specgen reads pages only from that file, so prose without it is an error
    /// rather than a site without it.
    private func reportProseWithoutTargets() {
        // A file of explicit markup only (substitutions, link targets, comments) shows nothing.
        let files = context.reader.list(folder).filter { name in
            guard name.hasSuffix(".rst"), let text = context.text(SourcePath.child(folder, name)) else { return false }
            return text.split(separator: "\n").contains { line in
                !line.hasPrefix("..") && !line.hasPrefix(" ") && !line.hasPrefix("\t")
                    && !line.allSatisfy(\.isWhitespace)
            }
        }.sorted()
        guard let first = files.first else { return }
        context.diagnostics.emit(
            Diagnostic(
                .unshownProse,
                "\(folder)/ has no targets.yaml to say which page shows its \(files.count) .rst file\(files.count == 1 ? "" : "s") (\(first)\(files.count > 1 ? ", …" : "")): none of them is shown",
                file: SourcePath.child(folder, first)))
    }

    /// The pages, and the targets their prose defines on themselves (`encrypted_files` is
    /// `/client-server/#sending-encrypted-attachments`), which `|name|_` in API descriptions name.
    func pages() -> (pages: [ContentPage], targets: [String: String]) {
        let (targets, styles) = targets()
        let urls = Dictionary(targets.map { (Self.gendocURL(of: $0), url(of: $0)) }, uniquingKeysWith: { a, _ in a })
        // Pages in parallel, the one of most files first.
        let pass = ParallelPass()
        let pages = pass.map(targets, cost: \.files.count) { target in page(of: target, styles: styles, urls: urls) }
        pass.run()
        var named: [String: String] = [:]
        for (page, fragments) in pages.values().compactMap({ $0 }) {
            for (name, fragment) in fragments where named[name] == nil { named[name] = "/" + page.url + fragment }
        }
        return (pages.values().compactMap { $0?.page }, named)
    }

    private func page(of target: Target, styles: [Character], urls: [String: String]) -> (
        page: ContentPage, fragments: [String: String]
    )? {
        var parser = RSTBlockParser(titleStyles: styles) { name, location in
            expand(name, at: location)
        }
        var blocks: [MarkdownBlock] = []
        var text = ""
        var parts: [SourceText.Part] = []
        var line = 1
        for file in target.files {
            guard let source = context.text(file.path) else { continue }
            var substituted = Self.substituted(source)
            if substituted.utf8.contains(UInt8(ascii: "{")), substituted.contains("{{git_") {
                substituted = substituted.replacingOccurrences(of: "{{git_version}}", with: "Unknown")
                    .replacingOccurrences(of: "{{git_rev}}", with: "")
            }
            parts.append(SourceText.Part(firstLine: line, file: file.path))
            let fileLines = substituted.split(separator: "\n", omittingEmptySubsequences: false)
            let lines = fileLines.enumerated().map { index, text in
                RSTLine(
                    text: text.utf8.contains(9) ? text.replacingOccurrences(of: "\t", with: "        ") : String(text),
                    number: line + index, column: 1
                )
            }
            parser.startFile(depth: file.depth)
            blocks += parser.parse(lines)
            text += source + (source.hasSuffix("\n") ? "" : "\n")
            line += fileLines.count
        }
        guard let first = parts.first else { return nil }
        let gendocPage = Self.gendocURL(of: target)
        var resolver = RSTPageResolver(definitions: parser.definitions) { uri in
            Self.rewrite(uri, from: gendocPage, urls: urls)
        }
        blocks = resolver.resolve(blocks)
        var body = SourceText(text, file: first.file)
        body.parts = parts
        for (finding, location) in parser.findings + resolver.findings {
            context.diagnostics.emit(finding.at(body.fileLocation(location), in: body.file(at: location)))
        }
        var frontMatter = FrontMatter()
        frontMatter.title = parser.title ?? target.name
        frontMatter.weight = target.weight
        let document = MarkdownDocument(blocks: blocks)
        let url = url(of: target)
        var page = ContentPage(
            file: first.file, url: url, kind: url.isEmpty ? .home : .page, frontMatter: frontMatter, body: body,
            document: document, shortcodeCalls: document.shortcodeCalls(), description: nil)
        if gendocPage != SitePaths.file(ofURL: url) { page.formerPaths = [gendocPage] }
        // A target's name as written (`encrypted_files`), with the fragment it gives on this page.
        var fragments = parser.definitions.uris.filter { $0.value.hasPrefix("#") }
        for (name, id) in parser.definitions.ids where fragments[name] == nil { fragments[name] = "#" + id }
        return (page, fragments)
    }

    /// A relative link to one of gendoc's pages (`../appendices.html#x`) as a link to the site's.
    static func rewrite(_ uri: String, from page: String, urls: [String: String]) -> String {
        guard !LinkResolver.hasScheme(uri), !uri.hasPrefix("#"), !uri.hasPrefix("/") else { return uri }
        let hash = uri.firstIndex(of: "#")
        let path = String(hash.map { uri[..<$0] } ?? uri[...])
        guard path.hasSuffix(".html"), let joined = SourcePath.join(SourcePath.parent(page), path),
            let url = urls[joined]
        else { return uri }
        return "/" + url + (hash.map { String(uri[$0...]) } ?? "")
    }

    // MARK: Variables

    /// The blocks a `{{variable}}` stands for; `nil` for one that names nothing.
    private func expand(_ name: String, at location: SourceLocation) -> RSTExpansion? {
        func call(_ shortcode: String, _ parameters: [String: String] = [:], names: [String: String] = [:])
            -> RSTExpansion
        {
            RSTExpansion(
                blocks: [
                    .shortcode(
                        ShortcodeCall(
                            name: shortcode, parameters: parameters, inner: nil, location: location,
                            innerOrigin: location, isMarkdownForm: true, source: "{{\(name)}}"))
                ], names: names)
        }
        /// Events' sections are named by their type, and their ids on gendoc's pages (`m-room-member`) kept.
        func events(_ names: [String]) -> [String: String] {
            Dictionary(names.map { (DocutilsNames.normalized($0), $0) }, uniquingKeysWith: { a, _ in a })
        }
        if name.hasSuffix("_http_api") {
            let stem = name.dropLast(9)
            if let separator = stem.lastIndex(of: "_"),
                let folder = Self.apiCodes[String(stem[stem.index(after: separator)...])],
                let api = spec.apis.first(where: { $0.name == folder }),
                let document = api.documents.first(where: {
                    Self.underscored($0.name, replacing: "-") == stem[..<separator]
                })
            {
                return call(HTTPAPIShortcode.name, ["spec": folder, "api": document.name])
            }
            // Before the codes (2016), `<file>_http_api` named the file in any API folder.
            for api in spec.apis {
                if let document = api.documents.first(where: { Self.underscored($0.name, replacing: "-") == stem }) {
                    return call(HTTPAPIShortcode.name, ["spec": api.name, "api": document.name])
                }
            }
        } else if name.hasSuffix("_event"),
            let schema = spec.events.schemas.first(where: {
                Self.underscored($0.name, replacing: ".$")
                    == name.dropLast(6)
            })
        {
            var expansion = call(
                EventShortcode.name, [EventShortcode.eventArgument: schema.name], names: events([schema.name]))
            expansion.anchors = [DocutilsNames.id(schema.name)]
            return expansion
        } else if name == "msgtype_events" {
            let variants = spec.events.schemas.filter { $0.name.hasPrefix("m.room.message$") }.compactMap(\.variant)
            return call(MsgtypesShortcode.name, names: events(variants))
        } else if name.hasSuffix("_events") {
            let group = name.dropLast(7)
            // gendoc's names for the groups it renders: `voip_events` are the `m.call` events.
            let prefix = "m." + (group == "voip" ? "call" : group)
            let members = spec.events.schemas.filter { $0.name.hasPrefix(prefix + ".") || $0.name == prefix }
            if !members.isEmpty {
                return call(EventGroupShortcode.name, ["group_name": prefix], names: events(members.map(\.name)))
            }
        } else if name.hasPrefix("common_"), name.hasSuffix("_fields") {
            let type = String(name.dropFirst(7).dropLast(7))
            if spec.events.cores[type] != nil { return call(EventFieldsShortcode.name, ["event_type": type]) }
        } else if name.hasPrefix("definition_"), let path = definitions[String(name.dropFirst(11))] {
            return call(DefinitionShortcode.name, ["path": path])
        } else if name == "sas_emoji_table" {
            return call(SASEmojisShortcode.name)
        } else if name.hasSuffix("_changelog") {
            let api = String(name.dropLast(10))
            if spec.changelogs.unreleased.contains(where: { $0.name == api }) {
                return RSTExpansion(blocks: [
                    .paragraph([
                        .text("The changes to this API since its last release are listed in "),
                        .link(
                            destination: "/changelog/\(api).html", title: "", content: [.text("its changelog")],
                            location: location),
                        .text("."),
                    ])
                ])
            }
        } else if name.hasPrefix("unstable_warning_block_") {
            let label = Self.substituted("%" + name.dropFirst(23) + "%")
            guard label == "unstable" else { return RSTExpansion(blocks: []) }
            // gendoc's words for a page of an unreleased version.
            let text: [MarkdownInline] = [
                .text(
                    "You are viewing an unstable version of this specification. Unstable specifications may change at any time without notice. To view the current specification, please "
                ),
                .link(
                    destination: Self.currentSpecification, title: "", content: [.text("click here")],
                    location: location),
                .text("."),
            ]
            return RSTExpansion(blocks: [
                .shortcode(
                    ShortcodeCall(
                        name: BoxShortcode.name(ofKind: "warning"), parameters: [:],
                        inner: MarkdownDocument(blocks: [.paragraph(text)]),
                        location: location, innerOrigin: .start, isMarkdownForm: true, source: "{{\(name)}}"))
            ])
        } else if name == "apis" {
            return RSTExpansion(blocks: [apiTable(at: location)])
        }
        return nil
    }

    /// The definition files of every API, by the names gendoc's variables give them:
    /// `ss_event_schemas_m_typing` is `api/server-server/definitions/event-schemas/m.typing`
    /// (its path below `definitions/`, with `/`, `-` and `.` written `_`). Listed once a build.
    private static func definitionPaths(apiDirectory: String, reader: SourceReader) -> [String: String] {
        var paths: [String: String] = [:]
        for (code, folder) in apiCodes {
            let base = SourcePath.child(SourcePath.child(apiDirectory, folder), "definitions")
            func walk(_ directory: String, relative: String, depth: Int) {
                guard depth < 8 else { return }
                for entry in reader.list(directory) where !entry.hasPrefix(".") {
                    let path = SourcePath.child(directory, entry)
                    let name = relative.isEmpty ? entry : relative + "/" + entry
                    if reader.isDirectory(path) {
                        walk(path, relative: name, depth: depth + 1)
                    } else if entry.hasSuffix(".yaml") {
                        let stem = String(name.dropLast(5))
                        let key = code + "_" + Self.underscored(stem, replacing: "/-.")
                        if paths[key] == nil { paths[key] = SourcePath.child(base, stem) }
                    }
                }
            }
            walk(base, relative: "", depth: 0)
        }
        return paths
    }

    /// Where "the current specification" is: the published spec, today.
    static let currentSpecification = "https://spec.matrix.org/latest/"

    /// gendoc's one-line descriptions of the APIs, by folder, for `{{apis}}`.
    static let apiDescriptions = [
        "client-server": "Interaction between clients and servers", "server-server": "Federation between servers",
        "application-service": "Privileged server plugins", "identity": "Mapping of third party IDs to Matrix IDs",
        "push-gateway": "Push notifications for Matrix events",
    ]

    /// `{{apis}}`: the table of the APIs, each linked to its page, with its version and what it is for.
    private func apiTable(at location: SourceLocation) -> MarkdownBlock {
        let rows = spec.apis.map { api -> [[MarkdownInline]] in
            [
                [.link(destination: "/" + api.name + "/", title: "", content: [.text(api.title)], location: location)],
                [.text("unstable")],
                [.text(Self.apiDescriptions[api.name] ?? "")],
            ]
        }
        return .table(
            MarkdownTable(
                alignments: [nil, nil, nil], header: [[.text("API")], [.text("Version")], [.text("Description")]],
                rows: rows, location: location))
    }
}
