/// Reads a spec source tree into the ``Spec`` model, through one file system, in parallel.
///
/// Loading is the only stage that reads files. Every part it builds (an API document with its
/// `$ref` closure, an event schema, a proposal, a page) is kept in the ``BuildCache`` when there
/// is one, keyed by exactly the inputs it read.
package struct SpecLoader: Sendable {
    package let fileSystem: any SourceFileSystem
    package var cache: BuildCache?
    /// The commit the tree is at, when it is one (`git rev-parse --short HEAD`): the unstable
    /// changelog links it. Asked only of unstable trees.
    package var revision: @Sendable () -> String? = { nil }

    package init(fileSystem: any SourceFileSystem, cache: BuildCache? = nil) {
        self.fileSystem = fileSystem
        self.cache = cache
    }

    /// The order in which the Matrix APIs are listed; others follow alphabetically.
    static let apiOrder = ["client-server", "server-server", "application-service", "identity", "push-gateway"]
    static let apiTitles = [
        "client-server": "Client-Server API", "server-server": "Server-Server API",
        "application-service": "Application Service API", "identity": "Identity Service API",
        "push-gateway": "Push Gateway API",
    ]

    /// The Markdown parser for a tree's texts.
    static func parser(for layout: SpecLayout, config: SiteConfig? = nil) -> MarkdownParser {
        var parser = MarkdownParser()
        parser.recognisesShortcodes = layout.kind == .matrixSpec
        parser.isBlockShortcode = { ShortcodeRegistry.isBlock($0) }
        let formats = config?.outputFormats ?? [:]
        parser.shortcodeValue = { ShortcodeRegistry.value(of: $0, parameters: $1, formats: formats) }
        parser.shortcodeSettings = formats.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
            separator: ",")
        // The prose parses as the config says: with Goldmark's passthrough delimiters, if any.
        parser.passthrough = config?.passthrough
        parser.definitionLists = layout.kind == .matrixSpec && config?.definitionLists ?? true
        return parser
    }

    /// Loads the spec; `nil` when the root holds none (an error says so and what was looked for).
    package func load(diagnostics: DiagnosticCollector) -> (spec: Spec, inputs: SourceInputs)? {
        load(diagnostics: diagnostics, stamps: nil)
    }

    /// Loads the spec, noting in `stamps` the generation of every cached part it used.
    func load(diagnostics: DiagnosticCollector, stamps: PartStamps?) -> (spec: Spec, inputs: SourceInputs)? {
        let inputs = SourceInputs(fileSystem: fileSystem)
        let reader = SourceReader(inputs: inputs)
        let documents = YAMLDocuments(cache: cache)
        guard
            let layout = SpecLayout.detect(
                reader: reader, documents: documents, diagnostics: diagnostics,
                mountedProposals: fileSystem.mountedProposals)
        else {
            diagnostics.emit(
                Diagnostic(
                    .noSpec,
                    "no spec found in \(fileSystem.rootDescription); looked for \(SpecLayout.expectation)", file: "",
                    at: .start))
            return nil
        }
        diagnostics.adopt(treePolicy: layout.diagnosticPolicy)
        // The prose's targets and substitutions, which API descriptions name (`|/sync|_`).
        let proseDefinitions = layout.proseDirectory.map { RSTProse.definitions(in: $0, reader: reader) }
        var style = TextStyle(isRST: layout.kind == .matrixDoc, variables: layout.variables)
        style.proseSubstitutions = proseDefinitions?.substitutions ?? [:]
        let context = LoadContext(
            reader: reader, diagnostics: diagnostics, documents: documents,
            resolver: ReferenceResolver(documents: documents), style: style, cache: cache, stamps: stamps)
        var parser = Self.parser(for: layout)
        var timer = StageTimer()
        defer { timer.report() }
        let config =
            layout.kind == .matrixSpec
            ? ContentLoader(context: context, layout: layout, parser: parser).siteConfig()
            : SiteConfig(title: layout.title)
        parser = Self.parser(for: layout, config: config)
        let content = ContentLoader(context: context, layout: layout, parser: parser)
        var spec = Spec(layout: layout, config: config)
        timer.lap("layout")
        // The APIs, events, proposals, changelogs and pages in one parallel pass: they do not depend
        // on each other, and one pass each would end waiting on its slowest file.
        let pass = ParallelPass()
        let apis = loadAPIs(layout: layout, context: context, pass: pass)
        let events = layout.eventsDirectory.map { EventLoader(context: context, directory: $0).load(in: pass) }
        let proposals = layout.proposalsDirectory.map { ProposalLoader(context: context, directory: $0).load(in: pass) }
        let changelogs = ChangelogLoader(context: context, layout: layout).load(in: pass)
        let pages = content.pages(in: pass)
        timer.lap("list")
        pass.run()
        timer.lap("parse")
        spec.apis = apis()
        if let events { spec.events = events() }
        if let proposals {
            let (proposals, assets) = proposals()
            spec.proposals = proposals
            spec.assets += assets
        }
        spec.changelogs = changelogs()
        spec.content = pages()
        timer.lap("assemble")
        if layout.kind == .matrixSpec, spec.config.versionStatus == .unstable,
            let unstable = content.unstableChangelog(revision: revision(), existing: spec.content, site: spec.config)
        {
            spec.content.append(unstable)
        }
        if layout.kind == .matrixSpec {
            spec.stringFormats = content.stringFormats()
            (spec.shortcodeTemplates, spec.traits) = content.templates()
            spec.outputTemplates = content.outputTemplates(for: spec.content, config: spec.config)
            spec.versionBanner = content.versionBanner(config: spec.config)
            timer.lap("formats, traits")
            loadShortcodeData(into: &spec, context: context)
            timer.lap("shortcode data")
            spec.assets += staticAssets(context: context)
            timer.lap("assets")
        }
        if let prose = layout.proseDirectory {
            spec.rstTargets = proseDefinitions?.targets ?? [:]
            // gendoc's pages: the prose, with the API and events in place.
            let (pages, targets) = RSTProseLoader(context: context, folder: prose, spec: spec).pages()
            spec.content = pages
            // What the prose's targets name on its pages, for `|name|_` in API descriptions.
            spec.rstTargets.merge(targets) { _, onItsPage in onItsPage }
            timer.lap("rst prose")
            if !spec.content.isEmpty { loadShortcodeData(into: &spec, context: context) }
            timer.lap("shortcode data")
        }
        return (spec, inputs)
    }

    /// Adds the API files to the pass; what it returns gives the APIs once the pass has run.
    private func loadAPIs(layout: SpecLayout, context: LoadContext, pass: ParallelPass) -> () -> [API] {
        guard let apiDirectory = layout.apiDirectory else { return { [] } }
        let reader = context.reader
        let names = reader.list(apiDirectory).filter { name in
            let path = SourcePath.child(apiDirectory, name)
            switch reader.kind(path) {
            case .directory: return !name.hasPrefix(".")
            case .outsideRoot:
                context.diagnostics.emit(Diagnostic(.outsideRoot, SourceFileError.outsideRoot.message, file: path))
                return false
            default: return false
            }
        }.sorted { (Self.apiOrder.firstIndex(of: $0) ?? 99, $0) < (Self.apiOrder.firstIndex(of: $1) ?? 99, $1) }
        var files: [(api: Int, path: String, size: Int)] = []
        for (index, name) in names.enumerated() {
            let folder = SourcePath.child(apiDirectory, name)
            for file in reader.list(folder)
            where (file.hasSuffix(".yaml") || file.hasSuffix(".yml")) && !file.hasPrefix(".") {
                let path = SourcePath.child(folder, file)
                switch reader.kind(path) {
                case .file(let size): files.append((index, path, size))
                case .directory:
                    context.diagnostics.emit(
                        Diagnostic(
                            .folderNamedLikeAFile, "'\(file)' is a folder, not an API file; it is not read", file: path)
                    )
                case .special, .outsideRoot, .missing, .badName:
                    context.diagnostics.emit(
                        Diagnostic(
                            .unreadableFile, SourceFileError(listedEntry: reader.kind(path))!.message, file: path))
                }
            }
        }
        let documents = pass.map(files, cost: \.size) { file in
            context.part("api:" + file.path) { context -> APIDocument? in
                guard let (written, source) = context.documentAsWrittenAndResolved(file.path) else { return nil }
                let reader = OpenAPIReader(diagnostics: context.diagnostics, style: context.style)
                reader.reportComponentUse(written)
                var document = reader.read(AllOfMerger.resolve(source), path: file.path)
                document?.source = source
                return document
            }
        }
        // Each API's security schemes, which its published OpenAPI document carries as written.
        let security = pass.map(names, cost: { _ in 0 }) { name -> YAMLNode? in
            let path = SourcePath.child(SourcePath.child(apiDirectory, name), "definitions/security.yaml")
            guard reader.isFile(path) else { return nil }
            return context.documents.document(path, reader: reader, diagnostics: context.diagnostics)
        }
        return {
            var apis = names.map {
                API(name: $0, title: Self.apiTitles[$0] ?? Self.title(forFolder: $0), documents: [])
            }
            for (index, schemes) in security.values().enumerated() { apis[index].securitySchemes = schemes }
            for (file, document) in zip(files, documents.values()) {
                if let document, !document.operations.isEmpty { apis[file.api].documents.append(document) }
            }
            return apis.filter { !$0.documents.isEmpty }
        }
    }

    static func title(forFolder name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ") + " API"
    }

    /// What the pages' shortcodes name, read in parallel: schemas, data files, diagrams, partials.
    private func loadShortcodeData(into spec: inout Spec, context: LoadContext) {
        let calls = spec.content.flatMap(\.shortcodeCalls)
        // matrix-doc's prose names its definitions from the root (`api/server-server/definitions/pdu`).
        let tree = ShortcodeTree(
            dataDirectory: spec.layout.dataDirectory ?? (spec.layout.kind == .matrixDoc ? "" : "data"))
        let needed = ShortcodeRegistry.data(for: calls, templates: spec.shortcodeTemplates, tree: tree)
        let parser = Self.parser(for: spec.layout, config: spec.config)
        let pass = ParallelPass()
        let jobs = needed.map { data in
            pass.add(cost: 0) { (data, load(data, tree: tree, parser: parser, context: context)) }
        }
        pass.run()
        for (data, loaded) in jobs.values() {
            guard let loaded else { continue }
            spec.shortcodeData[data] = loaded
            switch loaded {
            case .release(let included): spec.changelogs.releases.append(included.release)
            case .asset(let asset): spec.assets.append(asset)
            case .schema, .node: break
            }
        }
        spec.changelogs.releases.sort { ChangelogHistoryReader.newestFirst($0.version, $1.version) }
    }

    /// One thing a shortcode names; `nil` when it is not there (the shortcode says so where it is).
    private func load(_ data: ShortcodeData, tree: ShortcodeTree, parser: MarkdownParser, context: LoadContext)
        -> LoadedShortcodeData?
    {
        switch data {
        case .schema(let path):
            guard
                let file = ["yaml", "yml", "json"].lazy.compactMap({
                    SourcePath.join(tree.dataDirectory, path + "." + $0)
                })
                .first(where: context.reader.isFile)
            else { return nil }
            let schema = context.part("definition:" + file) { context -> Schema? in
                guard let root = context.resolvedDocument(file) else { return nil }
                return context.schemaReader.read(root)
            }
            return schema.map { .schema($0) }
        case .dataFile(let path):
            guard context.reader.isFile(path),
                let node = context.documents.document(path, reader: context.reader, diagnostics: context.diagnostics)
            else { return nil }
            return .node(node)
        case .diagram(let name):
            guard !name.isEmpty, !name.contains("/"), !name.contains("..") else { return nil }
            for folder in ["assets/diagrams", "static/diagrams"] {
                if case .success(let bytes) = context.reader.read(SourcePath.child(folder, name + ".webp")) {
                    return .asset(SiteAsset(sitePath: SitePaths.diagram(name), bytes: bytes))
                }
            }
            return nil
        case .releasePartial(let name):
            guard let path = Self.partialPath(name) else { return nil }
            let kind = context.reader.kind(path)
            guard case .file = kind else {
                // A missing partial is named where the page includes it; anything else is said here.
                if let error = SourceFileError(listedEntry: kind), kind != .missing {
                    context.diagnostics.emit(Diagnostic(.unreadableFile, error.message, file: path))
                }
                return nil
            }
            return Self.includedRelease(path, parser: parser, context: context).map { .release($0) }
        }
    }

    /// Where Hugo finds the partial `p` of `changelog/changelog-rendered`: `layouts/partials/<p>`;
    /// `nil` for a `p` that leads out of that folder.
    static func partialPath(_ name: String) -> String? {
        guard let path = SourcePath.join("layouts/partials", name), path.hasPrefix("layouts/partials/") else {
            return nil
        }
        return path
    }

    /// A released changelog kept as a partial: its release, and its text parsed for the page.
    private static func includedRelease(_ path: String, parser: MarkdownParser, context: LoadContext)
        -> IncludedRelease?
    {
        context.part("release:" + path) { context -> IncludedRelease? in
            guard let text = context.text(path) else { return nil }
            let (release, problems) = ChangelogHistoryReader.release(fromMarkdownPage: text, file: path)
            for problem in problems {
                context.diagnostics.emit(
                    Diagnostic(
                        .changelogHistory, problem.message, file: path,
                        at: SourceLocation(line: problem.line, column: 1)))
            }
            let (document, parseProblems) = parser.parse(text)
            let body = SourceText(text, file: path, origin: SourceLocation(line: 1, column: 1), indent: 0)
            for problem in parseProblems {
                context.diagnostics.emit(problem.finding.at(body.fileLocation(problem.location), in: path))
            }
            return IncludedRelease(release: release, body: body, document: document)
        }
    }

    /// `static/`: copied into the site as it is, as Hugo does.
    private func staticAssets(context: LoadContext) -> [SiteAsset] {
        var assets: [SiteAsset] = []
        func walk(_ folder: String) {
            for name in context.reader.list(folder) where !name.hasPrefix(".") {
                let path = SourcePath.child(folder, name)
                switch context.reader.kind(path) {
                case .directory: walk(path)
                case .file:
                    let bytes: [UInt8]
                    switch context.reader.read(path) {
                    case .success(let value): bytes = value
                    case .failure(let error):
                        context.diagnostics.emit(Diagnostic(.unreadableFile, error.message, file: path))
                        continue
                    }
                    if URLPolicy.isActiveContent(path: path, bytes: bytes) {
                        context.diagnostics.emit(
                            Diagnostic(
                                .activeContent,
                                "the file is not published: a browser would run its script in the site's origin",
                                file: path))
                        continue
                    }
                    assets.append(
                        SiteAsset(
                            sitePath: SitePaths.encodedPath(String(path.dropFirst("static/".count))), bytes: bytes))
                case .special, .outsideRoot, .missing, .badName:
                    context.diagnostics.emit(
                        Diagnostic(
                            .unreadableFile, SourceFileError(listedEntry: context.reader.kind(path))!.message,
                            file: path))
                }
            }
        }
        if context.reader.isDirectory("static") { walk("static") }
        return assets
    }
}

/// The substitutions and link targets that matrix-doc's RST prose (`specification/`) defines,
/// which its YAML descriptions refer to (`|/sync|_`).
enum RSTProse {
    /// The `.. _name: url` targets and `.. |name| replace:: text` substitutions of every RST file
    /// under `folder`. A substitution's text is kept as Markdown: a literal stays code, and one
    /// that holds a role (`:math:`) is left out, so its references keep their name.
    static func definitions(
        in folder: String, reader: SourceReader
    ) -> (targets: [String: String], substitutions: [String: String]) {
        var targets: [String: String] = [:]
        var substitutions: [String: String] = [:]
        func walk(_ folder: String) {
            for name in reader.list(folder) where !name.hasPrefix(".") {
                let path = SourcePath.child(folder, name)
                if reader.isDirectory(path) {
                    walk(path)
                    continue
                }
                guard name.hasSuffix(".rst"), case .success(let text) = reader.text(path) else { continue }
                for line in explicitMarkupLines(text) {
                    let trimmed = line.trimming(" ")
                    if trimmed.hasPrefix(".. _"), let colon = trimmed.range(of: ": ") {
                        let label = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<colon.lowerBound].trimming(
                            "`")
                        targets[label] = trimmed[colon.upperBound...].trimming(" ")
                    } else if trimmed.hasPrefix(".. |"), let replace = trimmed.range(of: "| replace::") {
                        let name = String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<replace.lowerBound])
                        let text = trimmed[replace.upperBound...].trimming(" ")
                        if let markdown = markdown(ofSubstitution: text) { substitutions[name] = markdown }
                    }
                }
            }
        }
        walk(folder)
        return (targets, substitutions)
    }

    /// The lines that start (after spaces) with `.. `, found in one pass over the bytes.
    private static func explicitMarkupLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            var first = lineStart
            while first < lineEnd, utf8[first] == UInt8(ascii: " ") { first = utf8.index(after: first) }
            if utf8[first..<lineEnd].starts(with: ".. ".utf8) {
                lines.append(text[lineStart..<lineEnd])
            }
            lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        }
        return lines
    }

    private static func markdown(ofSubstitution text: String) -> String? {
        if text.hasPrefix("``"), text.hasSuffix("``"), text.count > 4 {
            let literal = text.dropFirst(2).dropLast(2)
            return literal.contains("`") ? nil : "`" + literal + "`"
        }
        guard !text.isEmpty, !text.contains("`"), !text.contains("|") else { return nil }
        return text
    }
}
