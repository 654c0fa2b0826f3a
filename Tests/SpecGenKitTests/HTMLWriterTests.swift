import Testing

@testable import SpecGenKit

@Suite struct HTMLWriterTests {
    @Test func escapesTextAndAttributes() {
        var html = HTMLWriter()
        html.element("a", [("href", "x\"onload=alert(1)&y"), ("title", nil)], text: "<script>alert('x')</script> & co")
        #expect(
            String(decoding: html.bytes, as: UTF8.self)
                == "<a href=\"x&quot;onload=alert(1)&amp;y\">&lt;script&gt;alert('x')&lt;/script&gt; &amp; co</a>")
    }

    @Test func keepsMultibyteTextIntact() {
        var html = HTMLWriter()
        html.text("naïve → “quotes” 🎉 <")
        #expect(String(decoding: html.bytes, as: UTF8.self) == "naïve → “quotes” 🎉 &lt;")
    }

    @Test(arguments: [
        ("POST /_matrix/client/r0/account/3pid/unbind", "post-matrix-client-r0-account-3pid-unbind"),
        ("GET /rooms/{roomId}/state/{eventType}", "get-rooms-roomid-state-eventtype"),
        ("  --Weird__ Title!! ", "weird-title"),
    ])
    func makesReadableSlugs(text: String, slug: String) {
        #expect(AnchorAllocator.slug(text) == slug)
    }

    @Test func makesIDsUniqueOnAPage() {
        var anchors = AnchorAllocator()
        #expect(anchors.unique("a") == "a")
        #expect(anchors.unique("a") == "a-2")
        anchors.reserve("b")
        #expect(anchors.unique("b") == "b-2")
    }
}
