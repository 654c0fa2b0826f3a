import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The real Matrix specs in `../shared/corpus`. `.ci/run` fails when that folder is absent, so
/// these never skip silently in CI.
@Suite struct CorpusTests {
    static let matrixDoc2019 = TestSite.corpus("matrix-doc-2019-09").map { TestSite.render(root: $0) }
    static let matrixSpec18 = TestSite.corpus("matrix-spec-v1.8").map { TestSite.render(root: $0) }
    static let matrixSpec116 = TestSite.corpus("matrix-spec-v1.16").map { TestSite.render(root: $0) }
    static let matrixSpec119 = TestSite.corpus("matrix-spec-v1.19").map { TestSite.render(root: $0) }

    static func operationCount(_ result: BuildResult?) -> Int {
        result?.spec?.apis.reduce(0) { $0 + $1.operationCount } ?? 0
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus is absent"))
    func builds2019WithAllOperationsAndNoBrokenAnchors() throws {
        let result = try #require(Self.matrixDoc2019)
        #expect(result.errors == [])
        #expect(
            result.spec?.apis.map(\.name) == [
                "client-server", "server-server", "application-service", "identity", "push-gateway",
            ])
        #expect(Self.operationCount(result) == 190)
        #expect(LinkCheck.brokenFragments(in: result.htmlPages) == [])
        let page = try result.page("client-server/index.html")
        #expect(page.contains("id=\"post-matrix-client-r0-account-3pid-unbind\""))
        // gendoc's words for allowed values: One of: ["success", "no-support"], each value unbroken.
        #expect(page.contains("<code class=\"value\">\"no-support\"</code>"))
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus is absent"))
    func linksTheUnbindEndpointWithMSC2140AndFragment2282() throws {
        let result = try #require(Self.matrixDoc2019)
        let api = try result.page("client-server/index.html")
        let section = try #require(
            api.section(from: "id=\"post-matrix-client-r0-account-3pid-unbind\"", to: "</section>"))
        // The prose's proposals page is at proposals/, so proposals are under proposals/msc/.
        #expect(section.contains("href=\"../proposals/msc/2140.html\""))
        // MSC2140's opening words, up to its first heading ("Proposal"), where readers meet the endpoint.
        let note = try #require(String(section).section(from: "<details class=\"proposal-note\">", to: "</details>"))
        #expect(note.contains(">MSC2140<"))
        #expect(
            note.contains("This proposal introduces a\ncorresponding method that can be used with Identity Servers"))
        #expect(note.contains("Identity Servers do not currently require any kind of user login"))
        #expect(!note.contains("Throuhgout this proposal"))
        #expect(section.contains("href=\"../changelog/client_server.html#change-2282.new\""))
        #expect(
            try result.page("proposals/msc/2140.html").contains(
                "href=\"../../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\""))
        let entry = try #require(
            try result.page("changelog/client_server.html").section(from: "id=\"change-2282.new\"", to: "</li>"))
        #expect(entry.contains("href=\"../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\""))
    }

    /// gendoc's pages are all there, and none shows a `{{variable}}` or a `%PLACEHOLDER%` unexpanded.
    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus is absent"))
    func writesGendocsPagesWithNothingLeftUnexpanded() throws {
        let result = try #require(Self.matrixDoc2019)
        for path in [
            "index.html", "client-server/index.html", "server-server/index.html", "application-service/index.html",
            "identity/index.html", "push-gateway/index.html", "appendices/index.html", "proposals/index.html",
            "rooms/v1/index.html", "rooms/v5/index.html", "client_server/unstable.html", "rooms/v1.html",
        ] {
            let page = try result.page(path)
            #expect(page.firstMatch(of: /%[A-Za-z_]+%/) == nil, "a placeholder is left on \(path)")
            #expect(page.firstMatch(of: /\{\{[a-z_]+\}\}/) == nil, "a template variable is left on \(path)")
        }
        #expect(try result.page("client-server/index.html").contains("id=\"client-authentication\""))
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus is absent"))
    func turnsRSTSubstitutionsAndAnonymousLinksIntoLinks() throws {
        let result = try #require(Self.matrixDoc2019)
        for (path, html) in result.htmlPages {
            #expect(html.firstMatch(of: /\|[\/\w.-]+\|_/) == nil, "an RST substitution is left on \(path)")
            #expect(!html.contains("`__"), "an anonymous RST link is left on \(path)")
        }
        let page = try result.page("client-server/index.html")
        #expect(
            page.contains("<a href=\"#get-matrix-client-r0-sync\">/sync</a>")
                || page.contains("<a href=\"#get-matrix-client-r0-sync\"><code>/sync</code></a>"))
    }

    /// What gendoc's templates make from the API files, as the 2019 site showed it: a definition's
    /// heading and id, the example gendoc builds for a schema declared with `allOf`, a variant's
    /// name, the allowed values in its words, the prose's substitutions and maths.
    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus is absent"))
    func showsTheAPIOnProsePagesAsGendocDid() throws {
        let result = try #require(Self.matrixDoc2019)
        let room = try result.page("rooms/v1/index.html")
        #expect(room.contains("id=\"persistent-data-unit-schema\""))
        #expect(room.contains("<code class=\"wrap\">Persistent Data Unit</code> schema"))
        // pdu.yaml states an example, which gendoc's `inherit_parents` drops with `allOf`: the
        // example is its properties' own, a tuple showing each item's.
        let example = try #require(room.section(from: "id=\"persistent-data-unit-schema\"", to: "</section>"))
        #expect(example.contains("Base64EncodedSha256HashesShouldBe43BytesLong"))
        #expect(!example.contains("abase64encodedsha256hashshouldbe43byteslong"))
        #expect(
            try result.page("rooms/v2/index.html").contains(
                "<span class=\"formula\"><i>S</i>’(<i>E</i>) = <i>S</i>(<i>E</i>)</span>"))
        let api = try result.page("client-server/index.html")
        #expect(api.contains("m.room.message (m.server_notice)"))
        #expect(api.contains("Must be '<code class=\"value\">m.megolm.v1.aes-sha2</code>'."))
        #expect(api.contains(">End-to-end encryption</a>"))
        #expect(api.contains("earlier call to <code>/sync</code>."))
        #expect(api.contains("<code>username</code>s which"))
        // A list's own description, besides its items' table.
        #expect(api.contains("If the user is a member of the room this will be the"))
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus is absent"))
    func reportsTheCorpusOwnProblemsAtTheirSource() throws {
        let result = try #require(Self.matrixDoc2019)
        #expect(
            result.messages.contains(
                "api/identity/lookup.yaml:91:23: warning: $ref target '../../schemas/server-signatures.yaml' does not exist [ref-fallback]"
            ))
        // Every warning points into a file of the tree.
        #expect(result.diagnostics.allSatisfy { !$0.file.isEmpty && $0.location.line >= 1 })
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus is absent"))
    func copiesTheImagesThatProposalsUse() throws {
        let result = try #require(Self.matrixDoc2019)
        let images = (result.site?.files ?? []).filter { $0.path.hasPrefix("proposals/images/") }
        #expect(!images.isEmpty)
        for (path, html) in result.htmlPages where path.hasPrefix("proposals/") {
            #expect(!html.contains("[image:"), "\(path)")
        }
    }

    @Test(.enabled(if: matrixSpec18 != nil, "../shared/corpus is absent"))
    func buildsV18AtHugoURLsWithEveryReferenceAnchor() throws {
        let result = try #require(Self.matrixSpec18)
        #expect(result.errors == [])
        #expect(Self.operationCount(result) == 218)
        #expect(LinkCheck.brokenFragments(in: result.htmlPages) == [])
        let reference = try String(
            contentsOfFile: try #require(SourcePaths.shared) + "/reference/matrix-spec-v1.8-anchors.tsv",
            encoding: .utf8)
        var pages: [String: Set<String>] = [:]
        for (path, html) in result.htmlPages {
            pages[path] = Set(html.matches(of: /\ id="([^"]*)"/).map { String($0.output.1) })
        }
        var missing: [String] = []
        for line in reference.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let page = fields[0] + "index.html"
            guard let ids = pages[page] else {
                missing.append(page)
                continue
            }
            if fields.count > 1, !fields[1].isEmpty, !ids.contains(fields[1]) { missing.append(page + "#" + fields[1]) }
        }
        #expect(missing == [])
    }

    @Test(.enabled(if: matrixSpec18 != nil, "../shared/corpus is absent"))
    func keepsInternalLinksInternal() throws {
        let result = try #require(Self.matrixSpec18)
        let outgoing = result.htmlPages.reduce(0) {
            $0 + $1.html.matches(of: /href="https:\/\/spec\.matrix\.org/).count
        }
        #expect(outgoing <= 1)
    }

    @Test(.enabled(if: matrixSpec116 != nil, "../shared/corpus is absent"))
    func buildsV116WithOnlyTheTreesOwnProblems() throws {
        let result = try #require(Self.matrixSpec116)
        #expect(Self.operationCount(result) == 230)
        #expect(LinkCheck.brokenFragments(in: result.htmlPages) == [])
        // Each of these is a real problem of the v1.16 sources: links that Hugo leaves broken too,
        // endpoints that two files define, and a required field that the event does not define.
        #expect(
            Set(result.messages) == [
                "data/api/client-server/key_backup.yaml:978:17: warning: the link 'client-server-api/#get_matrixclientv3room_keysversionversion' goes to a page this site does not have [broken-link]",
                "data/api/client-server/peeking_events.yaml:22:5: warning: GET /_matrix/client/v3/events is also defined in data/api/client-server/old_sync.yaml:20; both are shown [duplicate-operation]",
                "data/api/client-server/third_party_membership.yaml:20:5: warning: POST /_matrix/client/v3/rooms/{roomId}/invite is also defined in data/api/client-server/inviting.yaml:22; both are shown [duplicate-operation]",
                "data/event-schemas/schema/m.room.topic.yaml:11:5: warning: the link 'client-server-api/#post_matrixclientv3createroom' goes to a page this site does not have [broken-link]",
                "content/client-server-api/_index.md:477:20: warning: the link 'application-service-api/#server-admin-style-permissions' goes to a page this site does not have [broken-link]",
                "data/event-schemas/schema/m.key.verification.accept.yaml:51:9: warning: 'method' is required, but no property of the schema defines it [required-undefined]",
            ])
        // No shortcode braces reach any page.
        for (path, html) in result.htmlPages {
            #expect(!html.contains("{{%") && !html.contains("{{<"), "\(path)")
        }
    }

    static func releasedEntries(_ result: BuildResult?) -> Int {
        guard let changelogs = result?.spec?.changelogs else { return 0 }
        let releases = changelogs.releases + changelogs.histories.flatMap(\.releases)
        return releases.reduce(0) { total, release in
            total + release.sections.reduce(0) { $0 + $1.categories.reduce(0) { $0 + $1.entries.count } }
        }
    }

    /// Every released entry is read, and shown: on v1.8 and v1.16 as sitecheck counts them.
    @Test(.enabled(if: matrixSpec18 != nil, "../shared/corpus is absent"))
    func readsEveryReleasedChangelogEntry() throws {
        #expect(Self.releasedEntries(Self.matrixSpec18) == 598)
        #expect(Self.releasedEntries(Self.matrixSpec116) == 928)
        #expect(Self.releasedEntries(Self.matrixDoc2019) == 179)
        // v1.8 keeps its releases as sections of one page; none of them is left empty.
        let changelog = try #require(Self.matrixSpec18).page("changelog/index.html")
        let v11 = try #require(changelog.section(from: "id=\"v11\"", to: "id=\"v12\""))
        #expect(!v11.contains("No significant changes."))
        #expect(v11.contains("<code>"))
    }

    /// The current release, whose modules take a title and a file: every module is on the page,
    /// and nothing the tree asks for is missing.
    @Test(.enabled(if: matrixSpec119 != nil, "../shared/corpus is absent"))
    func buildsV119WithEveryModuleAndNoError() throws {
        let result = try #require(Self.matrixSpec119)
        #expect(result.errors == [])
        #expect(!result.messages.contains { $0.contains("[include-not-found]") || $0.contains("-shortcode") })
        let page = try result.page("client-server-api/index.html")
        for heading in ["Instant Messaging", "Receipts", "End-to-End Encryption", "Spaces"] {
            #expect(page.contains(">\(heading) <a class=\"anchor\""), "\(heading)")
        }
        #expect(page.contains("<summary>List of Endpoints</summary>"))
        let federation = try result.page("server-server-api/index.html")
        #expect(federation.contains("Persistent Data Units (PDUs):"))
    }

    /// v1.19 with a second root of proposals mounted as its `proposals/`: one for each proposal its
    /// changelogs cite, made here. Each proposal page says where it landed, with a link that
    /// resolves, and each endpoint an entry names (with its method) carries the proposal's opening.
    @Test(.enabled(if: TestSite.corpus("matrix-spec-v1.19") != nil, "../shared/corpus is absent"))
    func tellsWhereEachProposalCitedByV119LandedAndShowsItsOpeningAtTheEndpoint() throws {
        let root = try #require(TestSite.corpus("matrix-spec-v1.19"))
        let tree = DiskFileSystem(root: root)
        var cited: [String: Set<Int>] = [:]
        var named: [(method: String, path: String, numbers: Set<Int>)] = []
        for name in tree.list("content/changelog") where name.hasPrefix("v") {
            let text = String(decoding: try tree.read("content/changelog/" + name), as: UTF8.self)
            for line in text.split(separator: "\n") where line.hasPrefix("- ") {
                let numbers = Set(line.matches(of: /MSC(\d+)/).compactMap { Int($0.output.1) })
                guard !numbers.isEmpty else { continue }
                cited[String(name.dropLast(3)), default: []].formUnion(numbers)
                for match in line.matches(of: /`(GET|PUT|POST|DELETE) (\/_matrix\/[^`]+)`/) {
                    named.append((String(match.output.1), String(match.output.2), numbers))
                }
            }
        }
        let all = cited.values.reduce(Set<Int>()) { $0.union($1) }
        var proposals = MemoryFileSystem()
        for number in all {
            proposals["\(number)-p.md"] = Array("# MSC\(number): Proposal \(number)\n\nOpening of \(number).\n".utf8)
        }
        let result = SiteBuilder(
            options: BuildOptions(
                fileSystem: MountedFileSystem.withProposals(tree, proposals), templates: TestSite.templates)
        ).render()
        #expect(result.errors == [])
        let pages = Dictionary(result.htmlPages.map { ($0.path, $0.html) }, uniquingKeysWith: { a, _ in a })
        var landings = 0
        for (version, numbers) in cited {
            for number in numbers {
                // The prose has a page at proposals/, so proposal pages are in proposals/msc/.
                let page = try #require(pages["proposals/msc/\(number).html"], "MSC\(number)")
                let link = try #require(
                    page.firstMatch(
                        of: try Regex<(Substring, Substring)>("Landed in <a href=\"([^\"]+)\">\(version)<")),
                    "MSC\(number) in \(version)")
                let target = link.output.1.replacingOccurrences(of: "../../", with: "")
                let (file, fragment) = (target.prefix { $0 != "#" }, target.drop { $0 != "#" }.dropFirst())
                let linked = try #require(pages[String(file)], "MSC\(number): \(target)")
                #expect(fragment.isEmpty || linked.contains("id=\"\(fragment)\""), "MSC\(number): \(target)")
                landings += 1
            }
        }
        #expect(landings >= 190)
        let api = pages.filter { $0.key.hasSuffix("-api/index.html") }.map(\.value)
        var carried = 0
        for (method, path, numbers) in named {
            let anchor = method.lowercased() + HugoAnchor.anchorize(path)
            guard let page = api.first(where: { $0.contains("id=\"\(anchor)\"") }),
                let section = page.section(from: "id=\"\(anchor)\"", to: "</section>")
            else { continue }
            for number in numbers {
                #expect(section.contains("<p>Opening of \(number).</p>"), "\(method) \(path): MSC\(number)")
            }
            carried += 1
        }
        #expect(carried >= 20)
    }

    /// Each release page has Hugo's table and the checklist Hugo writes beside it, equal to
    /// Hugo's own but for spacing.
    @Test(
        .enabled(if: SourcePaths.reference("hugo") != nil, "../shared/reference is absent"),
        arguments: ["v1.16", "v1.19"])
    func writesEveryChecklistAsHugoDoes(version: String) throws {
        let result = try #require(version == "v1.16" ? Self.matrixSpec116 : Self.matrixSpec119)
        let archive = try #require(SourcePaths.reference("hugo/matrix-spec-\(version).tar.gz"))
        let folder = try Fixture()
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-xzf", archive, "-C", folder.path, "--wildcards", "*checklist.md"]
        try tar.run()
        tar.waitUntilExit()
        let checklists = try #require(FileManager.default.enumerator(atPath: folder.path))
            .compactMap { $0 as? String }.filter { $0.hasSuffix("checklist.md") }
        #expect(checklists.count == (version == "v1.16" ? 16 : 19))
        func words(_ text: String) -> [Substring] { text.split(whereSeparator: \.isWhitespace) }
        for path in checklists {
            let hugo = try #require(folder.read(path))
            let ours = try #require(result.file(path), "\(path)")
            #expect(words(String(decoding: ours.bytes, as: UTF8.self)) == words(hugo), "\(path)")
        }
        let page = try result.page("changelog/\(version)/index.html")
        #expect(page.contains("<th>Release date</th>"))
        #expect(page.contains("<a href=\"checklist.md\">checklist.md</a>"))
    }
}

/// A checkout made on Windows (`core.autocrlf`) ends every line of text with `\r\n`, which Swift
/// reads as one character that is not `\n`, and an editor there may start a file with a byte
/// order mark: the site must be the same byte for byte.
@Suite struct WindowsLineEndTests {
    /// Every file of the corpus, and its text files again with a byte order mark and `\r\n` line ends.
    static func corpusFiles(_ name: String) -> (unix: [String: [UInt8]], windows: [String: [UInt8]])? {
        guard let root = TestSite.corpus(name),
            let names = FileManager.default.enumerator(atPath: root)?.compactMap({ $0 as? String })
        else { return nil }
        var unix: [String: [UInt8]] = [:]
        var windows: [String: [UInt8]] = [:]
        for name in names {
            guard let data = FileManager.default.contents(atPath: root + "/" + name),
                !FileManager.default.fileExists(atPath: root + "/" + name + "/.")
            else { continue }
            let bytes = [UInt8](data)
            unix[name] = bytes
            let isText = [".md", ".yaml", ".json", ".rst", ".html", ".toml", ".txt"].contains { name.hasSuffix($0) }
            windows[name] =
                isText
                ? [0xEF, 0xBB, 0xBF] + bytes.flatMap { $0 == UInt8(ascii: "\n") ? [UInt8(ascii: "\r"), $0] : [$0] }
                : bytes
        }
        return (unix, windows)
    }

    static func render(_ files: [String: [UInt8]]) -> BuildResult {
        SiteBuilder(options: BuildOptions(fileSystem: MemoryFileSystem(files), templates: TestSite.templates)).render()
    }

    @Test(
        .enabled(if: TestSite.corpus("matrix-spec-v1.19") != nil, "../shared/corpus is absent"),
        arguments: ["matrix-spec-v1.19", "matrix-doc-2019-09"])
    func buildsTheSameSiteFromACheckoutWithWindowsLineEndsAndByteOrderMarks(corpus: String) throws {
        let files = try #require(Self.corpusFiles(corpus))
        #expect(files.windows.values.contains { $0.contains(UInt8(ascii: "\r")) })
        let unix = Self.render(files.unix)
        let windows = Self.render(files.windows)
        #expect(Set(windows.messages).symmetricDifference(unix.messages).sorted() == [])
        let unixFiles = Dictionary((unix.site?.files ?? []).map { ($0.path, $0.bytes) }) { first, _ in first }
        let windowsFiles = (windows.site?.files ?? [])
        #expect(windowsFiles.count == unixFiles.count)
        // Files copied as they are (a README beside the diagrams) keep their own line ends.
        let differing = windowsFiles.filter { unixFiles[$0.path] != $0.bytes && !$0.path.hasSuffix(".md") }
        #expect(differing.map(\.path) == [])
        // Hugo's checklist.md beside each release page is made, not copied: it is the same too.
        let checklists = windowsFiles.filter { $0.path.hasSuffix("/checklist.md") }
        #expect(!checklists.isEmpty || corpus.hasPrefix("matrix-doc"))
        #expect(checklists.allSatisfy { unixFiles[$0.path] == $0.bytes })
    }
}
