import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct JSONHighlightingTests {
    static func highlighted(_ code: String) -> String {
        var html = HTMLWriter()
        html.highlightedJSON(code)
        return String(decoding: html.bytes, as: UTF8.self)
    }

    /// The text a browser shows: tags removed, the three escapes undone.
    static func shownText(_ html: String) -> String {
        html.replacing(/<[^>]*>/, with: "").replacing("&lt;", with: "<").replacing("&gt;", with: ">")
            .replacing("&amp;", with: "&")
    }

    @Test func marksKeysStringsNumbersAndLiterals() {
        #expect(
            Self.highlighted(#"{"a": "x", "b": -1.5e3, "c": [true, null]}"#)
                == #"{<span class="k">"a"</span>: <span class="s">"x"</span>, <span class="k">"b"</span>: "#
                + #"<span class="n">-1.5e3</span>, <span class="k">"c"</span>: [<span class="l">true</span>, "#
                + #"<span class="l">null</span>]}"#)
    }

    @Test func leavesARequestsHTTPLinesAndWordsAlone() {
        let code =
            "POST /_matrix/client/v3/rooms/!a:b/send/m.room.message/1 HTTP/1.1\nContent-Type: application/json\n\n{\n  \"n\": 10\n}"
        let html = Self.highlighted(code)
        #expect(html.hasPrefix("POST /_matrix/client/v3/rooms/!a:b/send/m.room.message/1 HTTP/1.1\n"))
        #expect(html.contains(#"<span class="k">"n"</span>: <span class="n">10</span>"#))
        #expect(Self.highlighted("nullable true2 v1 1a") == "nullable true2 v1 1a")
        #expect(Self.highlighted("Not JSON: \"quoted\" 42") == "Not JSON: \"quoted\" 42")
    }

    @Test func escapesMarkupAndLeavesAnUnclosedStringAsText() {
        #expect(
            Self.highlighted(#"{"<b>": "&"}"#)
                == #"{<span class="k">"&lt;b&gt;"</span>: <span class="s">"&amp;"</span>}"#)
        #expect(Self.highlighted("{\"open\n}") == "{\"open\n}")
        #expect(Self.highlighted(#"{"a\"b": 1}"#).contains(#"<span class="k">"a\"b"</span>"#))
    }

    /// The rule that matters most: whatever the text, a reader sees exactly it.
    @Test func neverChangesTheText() {
        var random = SplitMix64(state: 0x4A53_4F4E)
        let pieces = [
            "{", "}", "[", "]", "\"", "\\", ":", ",", " ", "\n", "\n\n", "-", "1", "2.5", "e", "true", "null", "false",
            "x", "<", ">", "&", "é", "…", "\t", "// note", "...",
        ]
        for _ in 0..<2_000 {
            let code = random.text(of: pieces, counts: 0...40)
            let html = Self.highlighted(code)
            #expect(Self.shownText(html) == code, "\(code.debugDescription)")
            #expect(!html.contains("<span class=\"k\"><"), "\(code.debugDescription)")
        }
    }
}
