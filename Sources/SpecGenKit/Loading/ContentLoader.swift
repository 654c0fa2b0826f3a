internal import TOMLKit

/// Reads the prose of a matrix-spec tree (`content/**/*.md`) by Hugo's rules, the site's Hugo
/// configuration, and the data files the pages' shortcodes name.
struct ContentLoader {
    let context: LoadContext
    let layout: SpecLayout
    let parser: MarkdownParser

    /// Adds every Markdown file under `content/` to the pass, as a page, a section, a headless
    /// bundle or a resource; what it returns gives the pages once the pass has run.
    func pages(in pass: ParallelPass) -> () -> [ContentPage] {
        guard let root = layout.contentDirectory else { return { [] } }
        var files: [(path: String, kind: ContentPage.Kind, url: String, size: Int)] = []
        func walk(_ folder: String, url: String, inBundle: Bool) {
            let names = context.reader.list(folder)
            let isLeafBundle =
                !inBundle && names.contains { Self.markdownStem(of: $0) == "index" } && folder != root
            for name in names where !name.hasPrefix(".") {
                let path = SourcePath.child(folder, name)
                switch context.reader.kind(path) {
                case .directory:
                    walk(path, url: url + URLPolicy.encodedSegment(name) + "/", inBundle: inBundle || isLeafBundle)
                case .file(let size):
                    guard let plainStem = Self.markdownStem(of: name) else {
                        // In a bundle any file is a resource; elsewhere Hugo makes a page of these.
                        if !inBundle, !isLeafBundle, let format = Self.otherContentFormat(of: name) {
                            context.diagnostics.emit(
                                Diagnostic(
                                    .unsupportedContent,
                                    "Hugo renders this page as \(format), and specgen reads Markdown pages only (.md, .markdown, .mdown); it is not on the site",
                                    file: path))
                        }
                        continue
                    }
                    let stem = URLPolicy.encodedSegment(plainStem)
                    if inBundle || (isLeafBundle && plainStem != "index") {
                        files.append((path, .resource, url + stem + "/", size))
                    } else if plainStem == "_index" {
                        files.append((path, folder == root ? .home : .section, url, size))
                    } else if plainStem == "index" {
                        files.append((path, .page, url, size))
                    } else {
                        files.append((path, .page, url + stem + "/", size))
                    }
                case .special, .outsideRoot, .missing, .badName:
                    context.diagnostics.emit(
                        Diagnostic(
                            .unreadableFile, SourceFileError(listedEntry: context.reader.kind(path))!.message,
                            file: path))
                }
            }
        }
        walk(root, url: "", inBundle: false)
        // How a page parses depends on the Hugo config (its passthrough delimiters, its output
        // formats) only through the parser's settings.
        let variant = parser.settingsKey
        let loaded = pass.map(files, cost: \.size) { [context] file in
            context.part(PageCache.part(content: file.path), variant: variant) { context in
                read(file.path, kind: file.kind, url: file.url, context: context)
            }
        }
        return { loaded.values().compactMap { $0 } }
    }

    /// The name without its extension when Hugo reads it as Markdown (`.md`, `.markdown`, `.mdown`).
    static func markdownStem(of name: String) -> String? {
        for suffix in [".md", ".markdown", ".mdown"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return nil
    }

    /// The format Hugo renders a content file of this name in, when it is not Markdown.
    static func otherContentFormat(of name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "html", "htm": return "HTML"
        case "adoc", "asciidoc", "ad": return "AsciiDoc"
        case "org": return "Org"
        case "pandoc", "pdc": return "Pandoc"
        case "rst": return "reStructuredText"
        default: return nil
        }
    }

    private func read(_ path: String, kind: ContentPage.Kind, url: String, context: LoadContext) -> ContentPage? {
        guard let text = context.text(path) else { return nil }
        let (frontMatter, bodyStart) = FrontMatterReader.read(text, file: path, diagnostics: context.diagnostics)
        let bodyText = String(text.utf8.dropFirst(bodyStart.offset)) ?? ""
        let body = SourceText(bodyText, file: path, origin: SourceLocation(line: bodyStart.line, column: 1), indent: 0)
        let (document, problems) = parser.parse(bodyText)
        for problem in problems {
            context.diagnostics.emit(problem.finding.at(body.fileLocation(problem.location), in: path))
        }
        var pageKind = kind
        if frontMatter.headless, kind == .page { pageKind = .headless }
        var description: MarkdownDocument?
        if let text = frontMatter.description {
            let (parsed, problems) = parser.parse(text.text)
            for problem in problems {
                context.diagnostics.emit(problem.finding.at(text.fileLocation(problem.location), in: path))
            }
            description = parsed
        }
        return ContentPage(
            file: path, url: url, kind: pageKind, frontMatter: frontMatter, body: body, document: document,
            shortcodeCalls: document.shortcodeCalls() + (description?.shortcodeCalls() ?? []), description: description)
    }

    // MARK: Configuration

    /// The Hugo configuration file, if the tree has one.
    static func configFile(reader: SourceReader) -> String? {
        ["config/_default/hugo.toml", "hugo.toml", "config.toml", "config/_default/config.toml"].first(
            where: reader.isFile)
    }

    /// The first line that holds `value`, for a diagnostic about a value TOML gives no position for.
    private static func line(of value: String, in text: String) -> SourceLocation {
        var line = 1
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if row.contains(value) { return SourceLocation(line: line, column: 1) }
            line += 1
        }
        return SourceLocation(line: 1, column: 1)
    }

    /// The Hugo configuration: `config.toml`, `hugo.toml`, or `config/_default/hugo.toml`.
    func siteConfig() -> SiteConfig {
        var config = SiteConfig(title: layout.title)
        guard let path = Self.configFile(reader: context.reader), let text = context.text(path) else { return config }
        config.file = path
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            context.diagnostics.emit(
                Diagnostic(
                    .tomlSyntax,
                    "TOML: \(error.description)", file: path,
                    at: SourceLocation(line: error.source.begin.line, column: error.source.begin.column)))
            return config
        } catch {
            context.diagnostics.emit(Diagnostic(.tomlSyntax, "TOML: \(error)", file: path))
            return config
        }
        if layout.title == "Matrix Specification", let title = table["title"]?.string { config.title = title }
        let language = table["languages"]?.table?["en"]?.table
        config.description = language?["description"]?.string ?? language?["params"]?.table?["description"]?.string
        for item in table["menus"]?.table?["main"]?.array ?? table["menu"]?.table?["main"]?.array ?? [] {
            guard let entry = item.table, let name = entry["name"]?.string, let url = entry["url"]?.string else {
                continue
            }
            guard URLPolicy.allows(url) else {
                context.diagnostics.emit(
                    Diagnostic(
                        .unsafeURL,
                        "the menu entry '\(name)' goes to '\(url.prefix(50))', which is not http(s), mailto or a path of the site; it is left out",
                        file: path, at: Self.line(of: url, in: text)))
                continue
            }
            config.menu.append(MenuItem(name: name, url: url, weight: entry["weight"]?.int ?? 0))
        }
        config.menu.sort { ($0.weight, $0.name) < ($1.weight, $1.name) }
        if let params = table["params"]?.table { config.params = Self.goValue(params) }
        if let version = table["params"]?.table?["version"]?.table {
            config.versionStatus = version["status"]?.string.flatMap(VersionStatus.init(rawValue:))
            if let major = version["major"]?.string, let minor = version["minor"]?.string {
                config.version = "v\(major).\(minor)"
            }
            config.releaseDate = version["release_date"]?.string
        }
        if let passthrough = table["markup"]?.table?["goldmark"]?.table?["extensions"]?.table?["passthrough"]?.table,
            passthrough["enable"]?.bool == true
        {
            let delimiters = passthrough["delimiters"]?.table
            func pairs(_ key: String) -> [(String, String)] {
                (delimiters?[key]?.array ?? []).compactMap { item in
                    guard let pair = item.array, pair.count == 2, let open = pair[0].string, let close = pair[1].string
                    else { return nil }
                    return (open, close)
                }
            }
            config.passthrough = PassthroughDelimiters(block: pairs("block"), inline: pairs("inline"))
            if config.passthrough?.all.isEmpty == true {
                let line =
                    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                        $0.contains("passthrough")
                    }.map { $0 + 1 } ?? 1
                context.diagnostics.emit(
                    Diagnostic(
                        .mathsConfig,
                        "the passthrough extension is on but names no delimiters (delimiters.block and delimiters.inline, pairs of strings); maths is read as Markdown",
                        file: path, at: SourceLocation(line: line, column: 1)))
            }
        }
        let extensions = table["markup"]?.table?["goldmark"]?.table?["extensions"]?.table
        config.definitionLists = extensions?["definitionList"]?.bool ?? true
        if let toc = table["markup"]?.table?["tableOfContents"]?.table {
            config.tocStartLevel = toc["startLevel"]?.int ?? config.tocStartLevel
            config.tocEndLevel = toc["endLevel"]?.int ?? config.tocEndLevel
            config.tocOrdered = toc["ordered"]?.bool ?? false
        }
        let mediaTypes = table["mediaTypes"]?.table
        for (name, value) in table["outputFormats"]?.table ?? TOMLTable() {
            guard let format = value.table else { continue }
            let mediaType = format["mediaType"]?.string ?? "text/html"
            let suffix =
                mediaTypes?[mediaType]?.table?["suffixes"]?.array?.first?.string
                ?? OutputFormat.suffix(ofMediaType: mediaType)
            config.outputFormats[name.lowercased()] = OutputFormat(
                name: name.lowercased(), baseName: format["baseName"]?.string ?? "index", suffix: suffix)
        }
        return config
    }

    /// A TOML value as Go templates see it.
    static func goValue(_ value: any TOMLValueConvertible) -> GoValue {
        if let table = value.table {
            var entries: [String: GoValue] = [:]
            for (key, item) in table { entries[key] = goValue(item) }
            return .map(entries)
        }
        if let array = value.array { return .list(array.map { goValue($0) }) }
        if let string = value.string { return .string(string) }
        if let int = value.int { return .int(int) }
        if let bool = value.bool { return .bool(bool) }
        return .null
    }

    /// The banner the tree's `version-banner` partial puts above every page (the unstable or an
    /// old version's notice), rendered from the tree's own template; `nil` when it shows none.
    func versionBanner(config: SiteConfig) -> String? {
        guard let layouts = layout.layoutsDirectory,
            let path = ["_partials", "partials"].map({ SourcePath.child(layouts, $0 + "/version-banner.html") })
                .first(where: context.reader.isFile),
            let text = context.text(path)
        else { return nil }
        do {
            let html = try GoTemplate(text, file: path).render(.map(["Site": .map(["Params": config.params])]))
            let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        } catch {
            context.diagnostics.emit(error)
            return nil
        }
    }

    /// The unstable changelog that the spec's CI writes into an unstable tree before Hugo builds
    /// it (`scripts/generate-changelog.sh vUNSTABLE`): the unreleased fragments through the tree's
    /// own template, as `content/changelog/unstable.md`, unless the tree has that page.
    func unstableChangelog(revision: String?, existing: [ContentPage], site: SiteConfig) -> ContentPage? {
        let path = SourcePath.child(layout.contentDirectory ?? "content", "changelog/unstable.md")
        guard !existing.contains(where: { $0.file == path }),
            existing.contains(where: { $0.frontMatter.layout == "changelog" }),
            let changelogs = ChangelogLayout.find(
                reader: context.reader, changelogDirectory: layout.changelogDirectory),
            changelogs.isSectioned, let configText = context.text(changelogs.configs[0].path)
        else { return nil }
        let config: TowncrierConfig
        do {
            config = try TowncrierConfig.read(configText, path: changelogs.configs[0].path)
        } catch {
            context.diagnostics.emit(error)
            return nil
        }
        let fragments = FragmentReader(reader: context.reader, diagnostics: context.diagnostics, config: config)
        let today = ChangelogReleaser.today()
        let rendered: String
        switch ChangelogReleaser.render(
            fragments.fragments(check: false), reader: fragments, config: config, version: "unstable", date: today)
        {
        case .success(let text): rendered = text
        case .failure(let error):
            context.diagnostics.emit(error)
            return nil
        }
        // The script strips the spaces at the ends of lines.
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
        let bodyText = lines.joined(separator: "\n")
        var frontMatter = FrontMatter()
        frontMatter.title = "Changes since last release"
        frontMatter.linkTitle = "Unstable"
        frontMatter.type = "docs"
        frontMatter.layout = "changelog"
        // The script asks for the release checklist too, which trees define since v1.8.
        frontMatter.outputs = ["html"] + (site.outputFormats["checklist"] == nil ? [] : ["checklist"])
        frontMatter.date = today
        if let revision { frontMatter.params["commit"] = revision }
        let body = SourceText(bodyText, file: path, origin: SourceLocation(line: 1, column: 1), indent: 0)
        let (document, _) = parser.parse(bodyText)
        return ContentPage(
            file: path, url: "changelog/unstable/", kind: .page, frontMatter: frontMatter, body: body,
            document: document, shortcodeCalls: [], description: nil)
    }

    /// The templates of the output formats that pages ask for besides HTML, by path, read and
    /// checked once each; a page that asks for a format without one is an error at the page.
    func outputTemplates(for pages: [ContentPage], config: SiteConfig) -> [String: GoTemplate] {
        var templates: [String: GoTemplate] = [:]
        var tried = Set<String>()
        for page in pages {
            for name in page.frontMatter.outputs where name != "html" {
                guard let format = config.outputFormats[name] else {
                    context.diagnostics.emit(
                        Diagnostic(
                            .invalidSetting,
                            "the page asks for the output '\(name)', which the Hugo config's [outputFormats] does not define",
                            file: page.file))
                    continue
                }
                let candidates = format.templateCandidates(
                    layoutsDirectory: layout.layoutsDirectory ?? "layouts", type: page.frontMatter.type,
                    layout: page.frontMatter.layout)
                guard let path = candidates.first(where: context.reader.isFile) else {
                    context.diagnostics.emit(
                        Diagnostic(
                            .templateError,
                            "no template for the page's '\(name)' output; looked for \(candidates.joined(separator: ", "))",
                            file: page.file))
                    continue
                }
                guard tried.insert(path).inserted, let text = context.text(path) else { continue }
                do {
                    templates[path] = try GoTemplate(text, file: path)
                } catch {
                    context.diagnostics.emit(error)
                }
            }
        }
        return templates
    }

    /// `data/string-formats.yaml`, or `data/custom-formats.yaml`, its name when it was added in 2024:
    /// the display names and links of string formats.
    func stringFormats() -> [String: StringFormat] {
        guard let data = layout.dataDirectory,
            let path = ["string-formats.yaml", "custom-formats.yaml"].map({ SourcePath.child(data, $0) }).first(
                where: context.reader.isFile),
            let root = context.documents.document(path, reader: context.reader, diagnostics: context.diagnostics)
        else { return [:] }
        var formats: [String: StringFormat] = [:]
        for pair in root.pairs ?? [] {
            guard let title = pair.value["title"]?.string else {
                context.diagnostics.emit(
                    Diagnostic(
                        .stringFormat, "string format '\(pair.key)' has no 'title'", file: path, at: pair.keyLocation))
                continue
            }
            var url = pair.value["url"]?.string
            if let written = url, !URLPolicy.allows(written), let node = pair.value["url"] {
                context.diagnostics.emit(
                    Diagnostic(
                        .unsafeURL,
                        "string format '\(pair.key)' links to '\(written.prefix(50))', which is not http(s), mailto or relative; its title is shown without a link",
                        file: path, at: node.location))
                url = nil
            }
            formats[pair.key] = StringFormat(title: title, url: url)
        }
        return formats
    }

    /// What the tree's Hugo templates decide: the parameters each shortcode template reads, and
    /// what they and the partials decide about anchors and includes.
    func templates() -> (ShortcodeTemplates, LayoutTraits) {
        guard let layouts = layout.layoutsDirectory else { return (ShortcodeTemplates(), LayoutTraits()) }
        let partials = ["_partials", "partials"].map { SourcePath.child(layouts, $0) }.first(
            where: context.reader.isDirectory)
        let shortcodes = ["_shortcodes", "shortcodes"].map { SourcePath.child(layouts, $0) }.first(
            where: context.reader.isDirectory)
        /// A template of the tree's, or `nil` when it has none; one it has but that cannot be read
        /// (not UTF-8, or a link out of the root) is reported, since what it decides is lost.
        func template(_ folder: String?, _ name: String) -> String? {
            guard let folder else { return nil }
            let path = SourcePath.child(folder, name)
            switch context.reader.text(path) {
            case .success(let text):
                return text
            case .failure(let error):
                if context.reader.kind(path) != .missing { context.diagnostics.emit(error) }
                return nil
            }
        }
        var (templates, traits) = ShortcodeRegistry.readTemplates { name in template(shortcodes, name + ".html") }
        if let shortcodes {
            for name in context.reader.list(shortcodes) where name.hasSuffix(".html") {
                templates.files[String(name.dropLast(5))] = SourcePath.child(shortcodes, name)
            }
        }
        if let partials {
            traits.listsEndpoints = context.reader.isFile(SourcePath.child(partials, "endpoints-toc.html"))
        }
        if let text = template(layouts, "docs/changelog.html") {
            traits.releaseTable = ReleaseTable.read(layout: text)
        }
        if let request = template(partials, "openapi/render-request.html") {
            traits.tableAnchors = request.contains("_request\"") ? .operation : .endpoint
        }
        if let table = template(partials, "openapi/render-object-table.html") {
            traits.namesTypesByTitleFirst = table.contains("\"partials/type-or-title\"")
        }
        if let sidebar = template(partials, "sidebar-tree.html") {
            traits.typesOutOfSidebar = LayoutTraits.typesLeftOut(bySidebar: sidebar)
        }
        return (templates, traits)
    }
}

/// A Markdown file's front matter: YAML between `---` lines, or TOML between `+++` lines.
enum FrontMatterReader {
    /// - Returns: the front matter, and where the body starts (byte offset and 1-based line).
    static func read(_ text: String, file: String, diagnostics: DiagnosticCollector) -> (
        FrontMatter, (offset: Int, line: Int)
    ) {
        var frontMatter = FrontMatter()
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "{") { return readJSON(bytes, file: file, diagnostics: diagnostics) }
        for fence in ["---", "+++"] {
            let fenceBytes = Array(fence.utf8)
            guard bytes.starts(with: fenceBytes), bytes.count > 3,
                bytes[3] == UInt8(ascii: "\n") || bytes[3] == UInt8(ascii: "\r")
            else { continue }
            // Find the closing fence on a line of its own.
            var lineStart = bytes[3] == UInt8(ascii: "\r") ? 5 : 4
            var line = 2
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                var content = bytes[lineStart..<lineEnd]
                if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
                if content.elementsEqual(fenceBytes) {
                    let inner = String(
                        decoding: bytes[(bytes[3] == UInt8(ascii: "\r") ? 5 : 4)..<lineStart], as: UTF8.self)
                    frontMatter = parse(inner, isTOML: fence == "+++", file: file, diagnostics: diagnostics)
                    return (frontMatter, (min(lineEnd + 1, bytes.count), line + 1))
                }
                lineStart = lineEnd + 1
                line += 1
            }
            diagnostics.emit(
                Diagnostic(.frontMatter, "the front matter that starts here has no closing '\(fence)' line", file: file)
            )
        }
        return (frontMatter, (0, 1))
    }

    /// JSON front matter, as Hugo reads it: an object from the first line to a line that is `}`.
    /// JSON is YAML, so the YAML reader reads it, with its positions.
    private static func readJSON(_ bytes: [UInt8], file: String, diagnostics: DiagnosticCollector) -> (
        FrontMatter, (offset: Int, line: Int)
    ) {
        var lineStart = 0
        var line = 1
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            // The object's own closing brace starts its line; a nested one is indented.
            let content = bytes[lineStart..<lineEnd].reversed().drop {
                $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: " ")
            }
            if content.elementsEqual([UInt8(ascii: "}")]) {
                let inner = String(decoding: bytes[..<lineEnd], as: UTF8.self)
                let frontMatter = parse(inner, isTOML: false, file: file, diagnostics: diagnostics, firstLine: 1)
                return (frontMatter, (min(lineEnd + 1, bytes.count), line + 1))
            }
            lineStart = lineEnd + 1
            line += 1
        }
        diagnostics.emit(
            Diagnostic(.frontMatter, "the JSON front matter that starts here has no closing '}' line", file: file))
        return (FrontMatter(), (0, 1))
    }

    /// - Parameter firstLine: the file's line that `text` starts on.
    private static func parse(
        _ text: String, isTOML: Bool, file: String, diagnostics: DiagnosticCollector, firstLine: Int = 2
    ) -> FrontMatter {
        func shifted(_ diagnostic: Diagnostic) -> Diagnostic {
            var moved = diagnostic
            moved.location.line += firstLine - 1
            return moved
        }
        var values: [String: String] = [:]
        var description: SourceText?
        var outputs: [String] = []
        if isTOML {
            let table: TOMLTable
            do {
                table = try TOMLTable(string: text)
            } catch {
                let (reason, location) =
                    (error as? TOMLParseError).map {
                        ($0.description, SourceLocation(line: $0.source.begin.line, column: $0.source.begin.column))
                    } ?? ("\(error)", SourceLocation.start)
                diagnostics.emit(
                    shifted(
                        Diagnostic(
                            .frontMatter, "the TOML front matter does not parse: \(reason)", file: file, at: location)))
                return FrontMatter()
            }
            outputs = table["outputs"]?.array?.compactMap(\.string) ?? []
            for (key, value) in table {
                if let string = value.string {
                    values[key] = string
                } else if let int = value.int {
                    values[key] = String(int)
                } else if let bool = value.bool {
                    values[key] = bool ? "true" : "false"
                }
            }
        } else {
            do {
                let (root, warnings) = try YAMLReader().parse(Array(text.utf8), file: file)
                diagnostics.emit(contentsOf: warnings.map { shifted($0) })
                for pair in root?.pairs ?? [] {
                    if let scalar = pair.value.scalar, scalar.kind != .null { values[pair.key] = scalar.text }
                }
                outputs = root?["outputs"]?.items?.compactMap(\.string) ?? []
                // The front matter starts on the line after its fence.
                description = root?["description"]?.sourceText.map { text in
                    var text = text
                    text.origin.line += firstLine - 1
                    return text
                }
            } catch {
                diagnostics.emit(shifted(error))
                return FrontMatter()
            }
        }
        var frontMatter = FrontMatter()
        frontMatter.title = values.removeValue(forKey: "title")
        frontMatter.linkTitle = values.removeValue(forKey: "linkTitle")
        frontMatter.weight = values.removeValue(forKey: "weight").flatMap { Int($0) }
        frontMatter.type = values.removeValue(forKey: "type")
        frontMatter.layout = values.removeValue(forKey: "layout")
        frontMatter.date = values.removeValue(forKey: "date")
        frontMatter.headless = FrontMatter.isTrue(values.removeValue(forKey: "headless"))
        frontMatter.outputs = outputs.map { $0.lowercased() }
        if let text = values.removeValue(forKey: "description") {
            frontMatter.description =
                description ?? SourceText(text, file: file, origin: SourceLocation(line: firstLine, column: 1))
        }
        frontMatter.params = values
        return frontMatter
    }
}
