import Testing

@testable import SpecGenKit

/// Links between pages are written relative to the page, so the site works from any folder.
@Suite struct RelativeLinkTests {
    @Test(arguments: [
        ("index.html", "index.html", ""),
        ("index.html#a", "index.html", "#a"),
        ("client-server-api/index.html#sync", "index.html", "client-server-api/index.html#sync"),
        ("index.html", "rooms/v1/index.html", "../../index.html"),
        ("rooms/v2/index.html", "rooms/v1/index.html", "../v2/index.html"),
        ("rooms/index.html", "rooms/v1/index.html", "../index.html"),
        ("roomsx/index.html", "rooms/v1/index.html", "../../roomsx/index.html"),
        ("rooms/v1/index.html#x", "rooms/v1/index.html", "#x"),
    ])
    func writesTheShortestRelativeAddress(target: String, page: String, expected: String) {
        #expect(SiteMap.relative(target, from: page) == expected)
    }

    /// The byte-wise rule gives what splitting into segments gives, for any site-relative paths.
    @Test func agreesWithSegmentBySegmentForAnyPaths() {
        var generator = SystemRandomNumberGenerator()
        let names = ["a", "ab", "b", "rooms", "v1", "index.html", "é"]
        func path() -> String {
            let depth = Int.random(in: 1...4, using: &generator)
            return (0..<depth).map { _ in names.randomElement(using: &generator)! }.joined(separator: "/")
        }
        for _ in 0..<5_000 {
            let target = path() + (Bool.random(using: &generator) ? "#frag" : "")
            let page = path()
            #expect(
                SiteMap.relative(target, from: page) == SiteMap.relativeBySegments(target, from: page),
                "\(target) from \(page)")
        }
    }

    /// A destination has a scheme when letters, digits, `+`, `-` or `.` run up to its first colon.
    @Test(arguments: [
        ("https://spec.matrix.org", true), ("mailto:a@b.c", true), ("svn+ssh://x", true), ("x-y.z:1", true),
        ("mxc://a/b", true), ("/path:with/colon", false), ("#frag:x", false), ("no colon", false),
        (":empty", false), ("a b:c", false), ("é:x", false), ("../a:b", false),
    ])
    func knowsADestinationWithAScheme(destination: String, hasScheme: Bool) {
        #expect(LinkResolver.hasScheme(destination) == hasScheme)
    }
}
