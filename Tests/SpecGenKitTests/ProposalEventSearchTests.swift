import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct ProposalTests {
    @Test func escapesScriptsAndRawHTMLInAProposal() throws {
        let result = TestSite.render([
            "proposals/1234-x.md":
                "# MSC1234: <script>alert(1)</script> title\n\n<script>alert(2)</script>\n\nText <img src=x onerror=alert(3)> and [a](javascript:alert(4)).\n"
        ])
        for page in ["proposals/1234.html", "proposals/index.html"] {
            let html = try result.page(page)
            // The only script is the site's own search.
            let tags = html.matches(of: /<[^>]*>/).map { String($0.output) }.filter { !$0.contains("search.js") }
            #expect(
                !tags.contains { $0.hasPrefix("<script") || $0.hasPrefix("<img") || $0.contains("javascript:") },
                "\(page)")
        }
        #expect(try result.page("proposals/1234.html").contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
    }

    @Test func linksWholeEventTypesInTextAndNothingElse() throws {
        let result = TestSite.render([
            "event-schemas/schema/m.room.member":
                "type: object\ntitle: Member\ndescription: Membership.\nproperties:\n  content:\n    type: object\n    properties:\n      membership:\n        type: string\n  type:\n    type: string\n    enum: [m.room.member]\n  state_key:\n    type: string\n",
            "proposals/1234-x.md":
                "# MSC1234: Events\n\nSee m.room.member. Not xm.room.member, m.room.members or m.room.membership_x; m.room.member, again.\n",
        ])
        let page = try result.page("proposals/1234.html")
        let links = page.matches(of: /<a href="[^"]*#m\.room\.member">m\.room\.member<\/a>/).count
        #expect(links == 2, "\(Fixtures.main(of: page))")
        #expect(page.contains("Not xm.room.member, m.room.members or m.room.membership_x;"))
    }

    @Test func listsOnlyRealProposalsOnceWithStatusAndAuthors() throws {
        let result = TestSite.render([
            "proposals/0000-template.md": "# MSC0000: Template for new proposals\n\nWrite here.\n",
            "proposals/1708-well-known.md":
                "# MSC1708: .well-known support for server name resolution\n\nAuthor: @alice:example.org\nStatus: merged\n",
            "proposals/2010-spoilers.md": "# MSC 2010: Spoilers\n\nText.\n",
        ])
        let index = try result.page("proposals/index.html")
        let rows = index.matches(of: /<tr><td class="msc-number">.*?<\/tr>/).map { String($0.output) }
        #expect(rows.count == 2)
        #expect(!index.contains("MSC0<") && !index.contains("MSC0000<"))
        #expect(rows[0].contains(">MSC1708<") && rows[0].contains(">.well-known support for server name resolution<"))
        #expect(rows[0].contains("merged") && rows[0].contains("@alice:example.org"))
        #expect(rows[1].contains(">MSC2010<") && rows[1].contains(">Spoilers<"))
        #expect(index.contains("href=\"template.html\""))
    }

    @Test func startsAProposalPageWithItsTitleThenItsMetadata() throws {
        let page = try TestSite.render([
            "proposals/1708-well-known.md": "# MSC1708: Well-known\n\nAuthor: @alice:example.org\n\n## Main\n"
        ]).page("proposals/1708.html")
        let main = Fixtures.main(of: page)
        #expect(main.hasPrefix("<nav class=\"breadcrumbs\""))
        #expect(
            main.contains("</nav>\n<h1 class=\"page-title\">MSC1708: Well-known</h1>\n<dl class=\"proposal-meta\">"))
        // Its headings have visible self-links, and chrome ids never clash with them.
        #expect(main.contains("<h2 id=\"main\">Main <a class=\"anchor\" href=\"#main\""))
    }

    @Test func warnsAboutAProposalWithoutAHeadingAndNamesItAfterItsFile() throws {
        let result = TestSite.render(["proposals/0042-no-heading.md": "Just text.\n"])
        #expect(
            result.messages == [
                "proposals/0042-no-heading.md:1:1: warning: the proposal has no heading to take its title from [proposal-title]"
            ])
        #expect(try result.page("proposals/index.html").contains("no heading"))
    }

    @Test func resolvesLinksToOtherProposalsAndImagesBesideThem() throws {
        let result = TestSite.render([
            "proposals/1-a.md": "# A\n\nSee [B](2-b.md), ![diagram](images/1-diagram.png) and [gone](#nowhere).\n",
            "proposals/2-b.md": "# B\n",
            "proposals/images/1-diagram.png": "PNG",
        ])
        let page = try result.page("proposals/1.html")
        #expect(page.contains("<a href=\"2.html\">B</a>"))
        #expect(page.contains("<img src=\"images/1-diagram.png\" alt=\"diagram\">"))
        #expect(result.file("proposals/images/1-diagram.png")?.bytes == Array("PNG".utf8))
    }

    @Test func matchesEndpointMentionsWithAndWithoutTheBasePath() {
        let matcher = EndpointMatcher([
            (
                EndpointReference(
                    method: "POST", fullPath: "/_matrix/client/r0/account/3pid/unbind", api: "client-server", href: "a"),
                "/account/3pid/unbind"
            ),
            (
                EndpointReference(
                    method: "GET", fullPath: "/_matrix/client/r0/rooms/{roomId}/state", api: "client-server", href: "b"),
                "/rooms/{roomId}/state"
            ),
            (
                EndpointReference(
                    method: "POST", fullPath: "/_matrix/federation/v1/publicRooms", api: "server-server", href: "c"),
                "/publicRooms"
            ),
            (
                EndpointReference(
                    method: "POST", fullPath: "/_matrix/client/r0/publicRooms", api: "client-server", href: "d"),
                "/publicRooms"
            ),
        ])
        #expect(matcher.match(method: "POST", path: "/account/3pid/unbind")?.href == "a")
        #expect(matcher.match(method: "POST", path: "/_matrix/client/r0/account/3pid/unbind")?.href == "a")
        #expect(matcher.match(method: "GET", path: "/rooms/!abc:example.org/state")?.href == "b")
        #expect(matcher.match(method: "GET", path: "/rooms/{room_id}/state")?.href == "b")
        #expect(matcher.match(method: "POST", path: "/publicRooms", preferring: "server-server")?.href == "c")
        #expect(matcher.match(method: "DELETE", path: "/account/3pid/unbind") == nil)
    }

    /// The byte scanner finds exactly what a plain reading of the rule finds: "MSC", an optional
    /// space or hyphen, digits, with no letter on either side.
    @Test func findsProposalNumbersAsTheRuleSaysInRandomText() {
        func expected(_ text: String) -> [Int] {
            let characters = Array(text)
            var found: [Int] = []
            var index = 0
            while index + 3 <= characters.count {
                guard String(characters[index..<index + 3]) == "MSC", index == 0 || !characters[index - 1].isLetter
                else {
                    index += 1
                    continue
                }
                var cursor = index + 3
                if cursor < characters.count, characters[cursor] == " " || characters[cursor] == "-" { cursor += 1 }
                let digits = characters[cursor...].prefix { $0.isASCII && $0.isNumber }
                let end = cursor + digits.count
                if !digits.isEmpty, digits.count <= 9, end == characters.count || !characters[end].isLetter {
                    found.append(Int(String(digits))!)
                    index = end
                } else {
                    index += 3
                }
            }
            return found
        }
        let pieces = ["MSC", "MSC", "12", "3", " ", "-", "x", "é", "—", "(", ")", "MS", "C", "4", "Ω", "\n"]
        var random = SplitMix64(state: 77)
        for _ in 0..<3000 {
            let text = random.text(of: pieces, counts: 0...12)
            #expect(MentionScanner.proposals(in: text).map(\.number) == expected(text), "\(text.debugDescription)")
        }
    }

    @Test func findsEndpointMentionsAsTheRuleSaysInRandomText() {
        // The rule, scanned forwards: an upper-case word of 3 to 7 letters that is a method and
        // follows no letter, spaces, then a path of two characters or more without trailing
        // punctuation; scanning goes on after the path.
        func expected(_ text: String) -> [String] {
            let bytes = Array(text.utf8)
            func isUpper(_ byte: UInt8) -> Bool { (65...90).contains(byte) }
            func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (97...122).contains(byte) }
            func isPath(_ byte: UInt8) -> Bool {
                byte < 128
                    && (isLetter(byte) || (48...57).contains(byte) || Array("_-./{}:%~$@!?=&".utf8).contains(byte))
            }
            var found: [String] = []
            var index = 0
            while index < bytes.count {
                guard isUpper(bytes[index]), index == 0 || !isLetter(bytes[index - 1]) else {
                    index += 1
                    continue
                }
                let wordEnd = bytes[index...].firstIndex { !isUpper($0) } ?? bytes.count
                let word = String(decoding: bytes[index..<wordEnd], as: UTF8.self)
                let pathStart = bytes[wordEnd...].firstIndex { $0 != 32 } ?? bytes.count
                guard MentionScanner.methods.contains(word), wordEnd < bytes.count, bytes[wordEnd] == 32,
                    pathStart < bytes.count, bytes[pathStart] == UInt8(ascii: "/")
                else {
                    index = wordEnd
                    continue
                }
                var pathEnd = bytes[pathStart...].firstIndex { !isPath($0) } ?? bytes.count
                while pathEnd > pathStart, Array(".,:;".utf8).contains(bytes[pathEnd - 1]) { pathEnd -= 1 }
                if pathEnd - pathStart > 1 {
                    found.append(word + " " + String(decoding: bytes[pathStart..<pathEnd], as: UTF8.self))
                }
                index = max(pathEnd, index + 1)
            }
            return found
        }
        let pieces = ["GET", "PUT", "POST", "X", "a", " ", " ", "/", "/", "{id}", ".", ",", "é", "(", "GETS", "1"]
        var random = SplitMix64(state: 91)
        for _ in 0..<5000 {
            let text = random.text(of: pieces, counts: 0...14)
            let mentions = MentionScanner.endpoints(in: text)
            #expect(mentions.map { $0.method + " " + $0.path } == expected(text), "\(text.debugDescription)")
            for mention in mentions {
                #expect(text[mention.range].hasPrefix(mention.method))
                #expect(text[mention.range].hasSuffix(mention.path))
            }
        }
    }

    @Test func findsMentionsOfEndpointsAndProposalsInText() {
        let text = "Use POST /_matrix/client/r0/account/3pid/unbind, per MSC 2140 (not XMSC3) and MSC1915."
        #expect(MentionScanner.endpoints(in: text).map(\.path) == ["/_matrix/client/r0/account/3pid/unbind"])
        #expect(MentionScanner.proposals(in: text).map(\.number) == [2140, 1915])
        #expect(MentionScanner.proposalNumber(inURL: "https://github.com/matrix-org/matrix-doc/pull/2140") == 2140)
        #expect(
            MentionScanner.proposalNumber(inURL: "https://github.com/matrix-org/matrix-spec-proposals/issues/3575#top")
                == 3575)
        #expect(
            MentionScanner.proposalNumber(
                inURL: "https://github.com/matrix-org/matrix-doc/blob/main/proposals/1772-groups.md") == 1772)
        #expect(
            MentionScanner.proposalNumber(inURL: "https://github.com/matrix-org/matrix-doc/blob/main/README.md") == nil)
        #expect(MentionScanner.proposalNumber(inURL: "https://github.com/matrix-org/matrix-spec/pull/12") == nil)
        #expect(MentionScanner.proposalNumber(inURL: "https://github.com/matrix-org/matrix-doc/pull/x") == nil)
    }

    @Test func readsEventTypesOfASCIITextByteByByteAsTheCharacterRuleDoes() {
        let pieces = ["m", ".", "room", "_", "$", "1", " ", "..", "`", "(", "-", "\r\n", "X"]
        var random = SplitMix64(state: 23)
        for _ in 0..<3000 {
            let text = random.text(of: pieces, counts: 0...12)
            #expect(
                SiteMap.asciiEventTypes(in: text) == SiteMap.characterEventTypes(in: text), "\(text.debugDescription)")
        }
        #expect(SiteMap.asciiEventTypes(in: "m.room.member’s") == nil)
        #expect(SiteMap.eventTypes(in: "m.room.member’s key") == ["m.room.member"])
    }
}

@Suite struct EventTests {
    static let core = [
        "event-schemas/schema/core-event-schema/event.yaml":
            "type: object\ntitle: Event\nproperties: {type: {type: string}, content: {type: object}}\nrequired: [type, content]\n",
        "event-schemas/schema/core-event-schema/state_event.yaml":
            "allOf: [{$ref: event.yaml}]\ntitle: State Event\nproperties: {state_key: {type: string}}\nrequired: [state_key]\n",
    ]

    @Test func warnsAboutAnExampleMissingARequiredField() throws {
        let result = TestSite.render(
            Self.core.merging([
                "event-schemas/schema/m.topic": """
                allOf: [{$ref: core-event-schema/state_event.yaml}]
                properties:
                  content: {type: object, properties: {topic: {type: string}}, required: [topic]}
                  type: {type: string, enum: [m.topic]}
                """,
                "event-schemas/examples/m.topic":
                    "{\n  \"type\": \"m.topic\",\n  \"state_key\": \"\",\n  \"content\": {}\n}\n",
            ]) { $1 })
        #expect(result.spec?.events.events.map(\.type) == ["m.topic"])
        #expect(result.spec?.events.events.first?.kind == .state)
        #expect(
            result.messages == [
                "event-schemas/examples/m.topic:4:14: warning: example of m.topic: 'content.topic' is required [example-mismatch]"
            ])
    }

    @Test func skipsSharedPartsThatAreNotEvents() {
        let result = TestSite.render(
            Self.core.merging([
                "event-schemas/schema/m.part.yaml": "type: object\nproperties: {x: {type: string}}\n",
                "event-schemas/schema/m.real.yaml":
                    "allOf: [{$ref: core-event-schema/event.yaml}]\nproperties: {type: {enum: [m.real]}}\n",
            ]) { $1 })
        #expect(result.spec?.events.events.map(\.type) == ["m.real"])
        #expect(result.spec?.events.events.first?.kind == .other)
    }

    /// A tree without the core schemas builds and links only to what it has.
    @Test func buildsWithoutTheCoreSchemas() throws {
        let result = TestSite.render([
            "event-schemas/schema/m.lonely.yaml":
                "type: object\nproperties: {type: {type: string, enum: [m.lonely]}, content: {type: object, properties: {a: {type: string}}}}\n"
        ])
        #expect(result.errors == [])
        let page = try result.page("events/index.html")
        #expect(page.contains("id=\"m.lonely\""))
        #expect(!page.contains("#common-fields"))
        #expect(LinkCheck.brokenFragments(in: result.htmlPages) == [])
    }

    @Test func putsASubTableRightAfterTheTableThatUsesIt() throws {
        let result = TestSite.render(
            Self.core.merging([
                "event-schemas/schema/m.nested.yaml": """
                allOf: [{$ref: core-event-schema/event.yaml}]
                properties:
                  type: {type: string, enum: [m.nested]}
                  content:
                    type: object
                    properties:
                      outer: {type: object, title: Outer, properties: {inner: {type: object, title: Inner, properties: {x: {type: string}}}}}
                      other: {type: object, title: Other, properties: {y: {type: string}}}
                """
            ]) { $1 })
        let page = try result.page("events/index.html")
        let titles = page.matches(of: /<span class="table-title">([^<]*)<\/span>/).map { String($0.output.1) }
        let order = titles.filter { ["Outer", "Inner", "Other"].contains($0) }
        #expect(order == ["Outer", "Inner", "Other"])
    }
}

/// The search index: written at build time, small, and covering every kind of entry.
@Suite struct SearchIndexTests {
    struct Index: Decodable {
        var pages: [[String]]
        var places: [Place]
        var entries: [Entry]

        struct Place: Decodable {
            var page: Int, anchor: String, detail: String
            init(from decoder: Decoder) throws {
                var list = try decoder.unkeyedContainer()
                (page, anchor, detail) = (
                    try list.decode(Int.self), try list.decode(String.self), try list.decode(String.self)
                )
            }
        }

        struct Entry: Decodable {
            var kind: String, title: String, place: Int
            init(from decoder: Decoder) throws {
                var list = try decoder.unkeyedContainer()
                (kind, title, place) = (
                    try list.decode(String.self), try list.decode(String.self), try list.decode(Int.self)
                )
            }
        }
    }

    static func index(_ result: BuildResult) throws -> Index {
        let script = String(decoding: try #require(result.file("search-index.js")).bytes, as: UTF8.self)
        #expect(script.hasPrefix(SearchIndex.prefix) && script.hasSuffix(";\n"))
        let json = script.dropFirst(SearchIndex.prefix.count).dropLast(2)
        return try JSONDecoder().decode(Index.self, from: Data(json.utf8))
    }

    /// The titles of entries of a kind whose title or detail holds every word, as `search.js` filters them.
    static func titles(matching query: String, kind: String, in index: Index) -> [String] {
        let words = query.lowercased().split(separator: " ").map(String.init)
        return index.entries.filter { entry in
            let detail = index.places[entry.place].detail.lowercased()
            return entry.kind == kind
                && words.allSatisfy { entry.title.lowercased().contains($0) || detail.contains($0) }
        }.map(\.title)
    }

    /// An error code is an entry of its own, once a page, at the section that defines it (where it
    /// starts an item) rather than where the text first mentions it.
    @Test func indexesEachErrorCodeOnceAtTheSectionThatDefinesIt() throws {
        let result = TestSite.render([
            "config.toml": "title = \"Spec\"\n", "content/_index.md": "---\ntitle: Home\n---\n",
            "content/api.md":
                "---\ntitle: API\n---\n\n## Rate limits\n\nToo many requests give `M_LIMIT_EXCEEDED`.\n\n## Errors\n\n- `M_LIMIT_EXCEEDED`: too many requests.\n- `M_FORBIDDEN`: no.\n\n`M_FORBIDDEN` again; `M_` and `m_lower` are not codes.\n",
        ])
        let index = try Self.index(result)
        let codes = index.entries.filter { $0.kind == "x" }
        #expect(codes.map(\.title).sorted() == ["M_FORBIDDEN", "M_LIMIT_EXCEEDED"])
        for code in codes {
            let place = index.places[code.place]
            #expect(index.pages[place.page].first == "api/index.html")
            #expect(place.anchor == "errors", "\(code.title)")
        }
    }

    @Test func findsEachKindOfEntryInTheDemo() throws {
        let index = try Self.index(DemoSiteTests.demo)
        #expect(
            Self.titles(matching: "3pid/unbind", kind: "e", in: index).contains(
                "POST /_matrix/client/r0/account/3pid/unbind"))
        #expect(
            Self.titles(matching: "id_server_unbind_result", kind: "f", in: index).contains("id_server_unbind_result"))
        #expect(Self.titles(matching: "m.room.member", kind: "v", in: index).contains("m.room.member"))
        #expect(!Self.titles(matching: "unbind", kind: "p", in: index).isEmpty)
        #expect(!Self.titles(matching: "unbind", kind: "c", in: index).isEmpty)
        #expect(!Self.titles(matching: "problem", kind: "h", in: index).isEmpty)
        #expect(!Self.titles(matching: "events", kind: "g", in: index).isEmpty)
    }

    @Test(.enabled(if: CorpusTests.matrixSpec116 != nil, "../shared/corpus is absent"))
    func staysUnderATenthOfTheSite() throws {
        let result = try #require(CorpusTests.matrixSpec116)
        let html = result.htmlPages.reduce(0) { $0 + $1.html.utf8.count }
        let index = try #require(result.file("search-index.js")).bytes.count
        #expect(index * 10 <= html)
        #expect(!Self.titles(matching: "power levels", kind: "h", in: try Self.index(result)).isEmpty)
    }
}

/// The search index's strings: JSON that reads back as the text, with nothing that ends a script.
@Suite struct SearchScriptStringTests {
    @Test(arguments: 0..<20)
    func quotesAnyTextAsJSONThatCannotEndTheScript(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let pieces = ["a", "\"", "\\", "\n", "\t", "\u{1}", "<", "</script>", "ü", "\u{202E}", "\u{061C}", " "]
        let text = random.text(of: pieces, counts: 0...16)
        var writer = SearchIndex.ScriptWriter(capacity: 16)
        writer.quoted(text)
        let written = String(decoding: writer.bytes, as: UTF8.self)
        #expect(!written.contains("<") && !written.utf8.contains { $0 < 0x20 })
        let read = try JSONDecoder().decode(String.self, from: Data(writer.bytes))
        #expect(
            read == String(text.unicodeScalars.filter { !SpecChecker.bidiControls.contains($0) }.map(Character.init)))
    }
}
