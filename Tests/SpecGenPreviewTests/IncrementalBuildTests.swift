import Foundation
import SpecGenKit
import SpecGenPreview
import SpecGenTestSupport
import Testing

/// The property behind `specgen serve`: after any edit, the preview serves exactly the pages and
/// reports exactly the diagnostics of a fresh build of the same tree.
@Suite struct IncrementalBuildTests {
    /// One random change to the tree, of the kinds a spec editor makes.
    enum Edit: CustomStringConvertible {
        case replaceWord(file: String, word: String, with: String)
        case add(file: String, text: String)
        case remove(file: String)

        var description: String {
            switch self {
            case .replaceWord(let file, let word, let with): "replace '\(word)' with '\(with)' in \(file)"
            case .add(let file, _): "add \(file)"
            case .remove(let file): "remove \(file)"
            }
        }
    }

    static let sourceExtensions = [
        ".yaml", ".yml", ".json", ".md", ".rst", ".new", ".feature", ".clarification", ".breaking", ".deprecation",
        ".removal",
    ]

    static func files(in root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            guard !path.hasPrefix("layouts/"), !path.hasPrefix("static/"), !path.hasPrefix("assets/"),
                !path.hasPrefix(".")
            else { continue }
            if sourceExtensions.contains(where: path.hasSuffix) || path.contains("/newsfragments/") {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// Where the tree's files are: one root, or the tree and a second root of proposals mounted as
    /// its `proposals/` (`--proposals`). Paths are the tree's (`proposals/2140-….md`).
    struct Roots {
        var root: String
        var proposals: String?

        func physical(_ file: String) -> String {
            if let proposals, file.hasPrefix("proposals/") { return proposals + "/" + file.dropFirst(10) }
            return root + "/" + file
        }

        var files: [String] {
            IncrementalBuildTests.files(in: root)
                + (proposals.map { IncrementalBuildTests.files(in: $0).map { "proposals/" + $0 } } ?? [])
        }

        var fileSystem: any SourceFileSystem {
            MountedFileSystem.withProposals(DiskFileSystem(root: root), proposals.map { DiskFileSystem(root: $0) })
        }
    }

    static func randomEdit(root: Roots, step: Int, using random: inout SplitMix64) -> Edit {
        let files = root.files
        let file = files.randomElement(using: &random)!
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            return .remove(file: file)
        case 1:
            // A new newsfragment, proposal, or a copy of an API file under a new name.
            let folder = (file as NSString).deletingLastPathComponent
            if file.contains("/newsfragments/") {
                return .add(
                    file: folder + "/\(90000 + step).clarification", text: "Clarify step \(step) of `GET /sync`.\n")
            }
            if file.hasPrefix("proposals/") {
                return .add(
                    file: "proposals/\(9000 + step)-edit.md",
                    text: "# MSC\(9000 + step): Edit \(step)\n\nTouches `POST /_matrix/client/r0/login`.\n")
            }
            let text = (try? String(contentsOfFile: root.physical(file), encoding: .utf8)) ?? ""
            return .add(file: folder + "/copy-\(step)-" + (file as NSString).lastPathComponent, text: text)
        default:
            let text = (try? String(contentsOfFile: root.physical(file), encoding: .utf8)) ?? ""
            let words = text.matches(of: /[A-Za-z]{5,}/).map { String($0.output) }
            guard let word = words.randomElement(using: &random) else {
                return .add(file: file + ".extra.md", text: "x\n")
            }
            return .replaceWord(
                file: file, word: word,
                with: ["Zebra", "endpoint", "description", "Quokka\(step)"].randomElement(using: &random)!)
        }
    }

    static func apply(_ edit: Edit, root: Roots) throws {
        switch edit {
        case .replaceWord(let file, let word, let with):
            let path = root.physical(file)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let range = text.range(of: word) else { return }
            try text.replacingCharacters(in: range, with: with).write(toFile: path, atomically: false, encoding: .utf8)
        case .add(let file, let text):
            try text.write(toFile: root.physical(file), atomically: false, encoding: .utf8)
        case .remove(let file):
            try FileManager.default.removeItem(atPath: root.physical(file))
        }
    }

    /// Applies `count` random edits and compares the preview with a fresh build after each.
    /// - Parameter proposalsApart: moves the corpus's proposals to a second root, as `--proposals` reads them.
    static func check(corpus name: String, edits count: Int, seed: UInt64, proposalsApart: Bool = false) throws {
        let corpus = try #require(SourcePaths.corpus(name))
        let fixture = try Fixture.copy(of: corpus)
        let second = try Fixture()
        var roots = Roots(root: fixture.path)
        if proposalsApart {
            try FileManager.default.removeItem(atPath: second.path)
            try FileManager.default.moveItem(atPath: fixture.path + "/proposals", toPath: second.path)
            roots.proposals = second.path
        }
        let templates = try Templates.load(directory: SourcePaths.templates)
        let preview = PreviewSite(
            root: fixture.path, templatesDirectory: SourcePaths.templates, proposals: roots.proposals)
        preview.rebuild()
        var random = SplitMix64(state: seed)
        var history: [String] = []
        for step in 0..<count {
            let edit = randomEdit(root: roots, step: step, using: &random)
            history.append(edit.description)
            try apply(edit, root: roots)
            preview.rebuild()
            let fresh = SiteBuilder(options: BuildOptions(fileSystem: roots.fileSystem, templates: templates)).render()
            let served = preview.current
            let context = Comment(
                rawValue: "\(name), seed \(seed), after: " + history.suffix(5).joined(separator: "; "))
            #expect(Set(served.diagnostics.map(\.description)) == Set(fresh.diagnostics.map(\.description)), context)
            if let site = fresh.site, !fresh.hasErrors {
                #expect(!served.isStale, context)
                let freshFiles = Dictionary(site.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
                let differing = Set(freshFiles.keys).union(served.files.keys).filter {
                    freshFiles[$0] != served.files[$0]
                }
                #expect(differing.isEmpty, "pages that differ: \(differing.sorted().prefix(5)); \(context)")
                if !differing.isEmpty { return }
            } else {
                #expect(served.isStale, context)
            }
        }
    }

    /// How many random edits a run makes: `SPECGEN_EDITS` when set (a deep run, such as 500), else
    /// `standard`, few enough for the quick `swift test` a contributor runs many times a day.
    static func edits(_ standard: Int) -> Int {
        ProcessInfo.processInfo.environment["SPECGEN_EDITS"].flatMap { Int($0) } ?? standard
    }

    @Test(.enabled(if: SourcePaths.corpus("matrix-doc-2019-09") != nil, "../shared/corpus is absent"))
    func servesWhatAFreshBuildWritesAfterEachRandomEditTo2019() throws {
        try Self.check(corpus: "matrix-doc-2019-09", edits: Self.edits(6), seed: 2019)
    }

    /// The same, with the proposals in a second root (`serve --proposals`): an edit there shows
    /// on the proposal's page and beside the endpoints it brought.
    @Test(.enabled(if: SourcePaths.corpus("matrix-doc-2019-09") != nil, "../shared/corpus is absent"))
    func servesWhatAFreshBuildWritesAfterEachRandomEditWithProposalsApart() throws {
        try Self.check(corpus: "matrix-doc-2019-09", edits: Self.edits(6), seed: 2140, proposalsApart: true)
    }

    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func servesWhatAFreshBuildWritesAfterEachRandomEditToV116() throws {
        try Self.check(corpus: "matrix-spec-v1.16", edits: Self.edits(4), seed: 116)
    }

    /// The edits a spec editor makes, each of which changes what some page shows: after each, the
    /// preview serves what a fresh build writes.
    static func checkEdits(corpus name: String, _ edits: [(String, (String) -> String?)]) throws {
        let fixture = try Fixture.copy(of: try #require(SourcePaths.corpus(name)))
        let templates = try Templates.load(directory: SourcePaths.templates)
        let preview = PreviewSite(root: fixture.path, templatesDirectory: SourcePaths.templates)
        preview.rebuild()
        for (file, change) in edits {
            let path = fixture.path + "/" + file
            let before = try? String(contentsOfFile: path, encoding: .utf8)
            if let after = change(before ?? "") {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try after.write(toFile: path, atomically: false, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(atPath: path)
            }
            preview.rebuild()
            let fresh = SiteBuilder(
                options: BuildOptions(fileSystem: DiskFileSystem(root: fixture.path), templates: templates)
            ).render()
            let freshFiles = Dictionary(
                (fresh.site?.files ?? []).map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            let served = preview.current.files
            // A build with errors publishes nothing: the preview keeps the last good site.
            if fresh.hasErrors {
                #expect(preview.current.isStale, "after editing \(file)")
                continue
            }
            let differing = Set(freshFiles.keys).union(served.keys).filter { freshFiles[$0] != served[$0] }
            #expect(differing.isEmpty, "after editing \(file): \(differing.sorted().prefix(5))")
            #expect(!preview.current.isStale, "after editing \(file)")
        }
    }

    @Test(.enabled(if: SourcePaths.corpus("matrix-doc-2019-09") != nil, "../shared/corpus is absent"))
    func servesEachEditorsEditOf2019() throws {
        try Self.checkEdits(
            corpus: "matrix-doc-2019-09",
            [
                (
                    "api/client-server/administrative_contact.yaml",
                    {
                        $0.replacingOccurrences(
                            of: "Gets a list of the third party identifiers", with: "Lists the third-party identifiers")
                    }
                ),
                (
                    "api/client-server/definitions/push_ruleset.yaml",
                    { $0.replacingOccurrences(of: "title: PushRule", with: "title: PushRuleEdited") }
                ),
                ("changelogs/client_server/newsfragments/9999.clarification", { _ in "Clarify something new.\n" }),
                (
                    "proposals/2140-terms-of-service-2.md",
                    { $0.replacingOccurrences(of: "introduces a", with: "introduced a") }
                ),
                ("api/client-server/whoami.yaml", { _ in nil }),
                (
                    "event-schemas/schema/m.room.topic",
                    { $0.replacingOccurrences(of: "The topic text.", with: "The topic's text.") }
                ),
            ])
    }

    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func servesEachEditorsEditOfV116() throws {
        try Self.checkEdits(
            corpus: "matrix-spec-v1.16",
            [
                (
                    "data/api/client-server/whoami.yaml",
                    {
                        $0.replacingOccurrences(
                            of: "The user ID that owns the access token.", with: "The owner of the access token.")
                    }
                ),
                (
                    "content/client-server-api/modules/account_data.md",
                    { $0.replacingOccurrences(of: "### Client Config", with: "### Client Configuration") }
                ),
                (
                    "data/api/application-service/definitions/registration.yaml",
                    { $0.replacingOccurrences(of: "will never change.", with: "never changes.") }
                ),
                ("data/event-schemas/schema/m.room.topic.yaml", { $0 + "\n" }),
                ("content/appendices.md", { $0 + "\n## A new section\n" }),
                // The config decides how pages parse: without Goldmark's definition lists, the
                // push rule tweaks are paragraphs again, on every page that has them.
                (
                    "config/_default/hugo.toml",
                    {
                        $0.replacingOccurrences(
                            of: "  [markup.goldmark]\n",
                            with:
                                "  [markup.goldmark]\n    [markup.goldmark.extensions]\n      definitionList = false\n")
                    }
                ),
                (
                    "config/_default/hugo.toml",
                    { $0.replacingOccurrences(of: "minor = \"16\"", with: "minor = \"17\"") }
                ),
                // An API file removed while a page still shows it fails the build; the page's edit mends it.
                ("data/api/client-server/whoami.yaml", { _ in nil }),
                (
                    "content/client-server-api/_index.md",
                    { $0.replacingOccurrences(of: "{{% http-api spec=\"client-server\" api=\"whoami\" %}}", with: "") }
                ),
            ])
    }

    /// A new release changes the config's version and little else: a rebuild parses no page again,
    /// since a page's parse depends on the config only through the parser's settings.
    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func aVersionBumpInTheConfigParsesNoPageAgain() throws {
        let fixture = try Fixture.copy(of: try #require(SourcePaths.corpus("matrix-spec-v1.16")))
        let templates = try Templates.load(directory: SourcePaths.templates)
        let cache = BuildCache()
        let build = {
            SiteBuilder(
                options: BuildOptions(fileSystem: DiskFileSystem(root: fixture.path), templates: templates),
                cache: cache
            ).render()
        }
        #expect(!build().hasErrors)
        let config = fixture.path + "/config/_default/hugo.toml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "minor = \"16\"", with: "minor = \"17\"").write(
            toFile: config, atomically: false, encoding: .utf8)
        let before = cache.computedParts
        let rebuilt = build()
        #expect(!rebuilt.hasErrors)
        #expect(rebuilt.site?.files.contains { String(decoding: $0.bytes, as: UTF8.self).contains("v1.17") } == true)
        #expect(cache.computedParts == before)
    }

    /// A heading renamed in the prose changes the site map, so no page's HTML is reused; the
    /// endpoints are, all but the one whose description links to the old heading: it shows its
    /// link as text and warns, as a fresh build does.
    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func anEndpointIsRenderedAgainOnlyWhenWhatItLinksToChanges() throws {
        let fixture = try Fixture.copy(of: try #require(SourcePaths.corpus("matrix-spec-v1.16")))
        let templates = try Templates.load(directory: SourcePaths.templates)
        let cache = BuildCache()
        let build = { (cache: BuildCache?) in
            SiteBuilder(
                options: BuildOptions(fileSystem: DiskFileSystem(root: fixture.path), templates: templates),
                cache: cache
            ).render()
        }
        let page = "client-server-api/index.html"
        let link = "href=\"#client-config\">account data</a>"
        let first = build(cache)
        #expect(
            first.site?.files.first { $0.path == page }.map { String(decoding: $0.bytes, as: UTF8.self) }?
                .contains(link) == true)
        let module = fixture.path + "/content/client-server-api/modules/account_data.md"
        let text = try String(contentsOfFile: module, encoding: .utf8)
        try text.replacingOccurrences(of: "### Client Config", with: "### Client Configuration").write(
            toFile: module, atomically: false, encoding: .utf8)
        let before = cache.reusedComponents
        let rebuilt = build(cache)
        let fresh = build(nil)
        #expect(cache.reusedComponents - before > 100)
        let html = rebuilt.site?.files.first { $0.path == page }.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(html?.contains(link) == false)
        #expect(html?.contains("account data") == true)
        let freshFiles = Dictionary(
            (fresh.site?.files ?? []).map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        let differing = (rebuilt.site?.files ?? []).filter { freshFiles[$0.path] != $0.bytes }.map(\.path)
        #expect(differing.isEmpty)
        #expect(rebuilt.site?.files.count == fresh.site?.files.count)
        #expect(rebuilt.diagnostics.map(\.description).sorted() == fresh.diagnostics.map(\.description).sorted())
        #expect(rebuilt.diagnostics.contains { $0.file.hasSuffix("account_deactivation.yaml") })
    }
}
