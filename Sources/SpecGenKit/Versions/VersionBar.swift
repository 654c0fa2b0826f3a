/// The version bar on every page of `--all-versions`: a menu of the same page in the other
/// versions, and on old releases and `unstable/` a banner that points to `latest/`; and the root
/// page that sends readers to `latest/`.
extension VersionedBuild {
    /// What a version bar says of a version: its name and which pages it has.
    struct Listing: Sendable {
        var name: String
        /// `nil` for a version not built yet, taken to have every page (see ``Forecast``).
        var pages: Set<String>?

        init(name: String, pages: Set<String>?) {
            self.name = name
            self.pages = pages
        }

        init(_ version: Version) {
            self.init(name: version.name, pages: version.pages)
        }

        func has(_ page: String) -> Bool { pages?.contains(page) ?? true }
    }

    /// Where a page has its version bar, and the bar.
    struct StagedBar: Sendable {
        var offset: Int
        var bar: [UInt8]

        var range: Range<Int> { offset..<offset + bar.count }
    }

    /// A version's file under its folder, with the version bar in place of the marker: the page's
    /// bytes around the bar, not a copy of them; and where the bar is, for a page that has one.
    func assemble(
        _ file: RenderedFile, of version: Version, as folder: String, all: [Listing], newest: Listing?
    ) -> (file: RenderedFile, bar: StagedBar?) {
        let bytes = file.bytes
        guard file.path.hasSuffix(".html"), let range = bytes.firstRangeOfBytes(Self.marker) else {
            return (RenderedFile(path: folder + "/" + file.path, pieces: file.pieces), nil)
        }
        let bar = versionBar(page: file.path, in: version.name, as: folder, all: all, newest: newest)
        return (
            RenderedFile(path: folder + "/" + file.path, pieces: Self.pieces(of: bytes, replacing: range, with: bar)),
            StagedBar(offset: range.lowerBound, bar: bar)
        )
    }

    /// A page's bytes with `range` replaced by `bar`, as pieces that share the page's storage.
    static func pieces(of bytes: [UInt8], replacing range: Range<Int>, with bar: [UInt8]) -> [ArraySlice<UInt8>] {
        [bytes[..<range.lowerBound], bar[...], bytes[range.upperBound...]]
    }

    /// The menu of versions for one page, and the banner of an old release or of `unstable/`.
    func versionBar(page: String, in version: String, as folder: String, all: [Listing], newest: Listing?)
        -> [UInt8]
    {
        let here = folder + "/" + page
        func link(to other: Listing, as otherFolder: String) -> String {
            Self.href(SiteMap.relative(otherFolder + "/" + (other.has(page) ? page : "index.html"), from: here))
        }
        var html = HTMLWriter(capacity: 1024)
        html.open("div", [("class", "versions-bar")])
        html.open("details", [("class", "versions")])
        html.open("summary")
        html.text("Version: " + (folder == Self.latest ? "\(version) (latest)" : version))
        html.close("summary")
        html.open("ul")
        var entries: [(String, Listing, String)] = []
        if let newest { entries.append(("latest (\(newest.name))", newest, Self.latest)) }
        entries += all.map { ($0.name, $0, $0.name) }
        for (label, other, otherFolder) in entries {
            html.open("li")
            if otherFolder == folder {
                html.element("span", [("aria-current", "page")], text: label)
            } else {
                html.element("a", [("href", link(to: other, as: otherFolder))], text: label)
            }
            html.close("li")
        }
        html.close("ul")
        html.close("details")
        if let newest, folder != Self.latest, version != newest.name {
            html.open("p", [("class", "version-banner")])
            if version == Self.unstable {
                html.text("This is the unstable spec: what the main branch holds now, not a release. ")
            } else {
                html.text("This is version \(version) of the spec, not the latest. ")
            }
            html.element(
                "a", [("href", link(to: newest, as: Self.latest))],
                text: newest.has(page)
                    ? "See this page in the latest release, \(newest.name)." : "See the latest release, \(newest.name)."
            )
            html.close("p")
        }
        html.close("div")
        html.newline()
        return html.bytes
    }

    /// A link to a path under a version's folder. Folders are named after tags, and a tag may hold
    /// any character a URL path may not (`"`, `#`, `%`, `?`, spaces in UTF-8): those are escaped.
    static func href(_ path: String) -> String {
        // Most paths are unreserved bytes and slashes: nothing to escape.
        if path.utf8.allSatisfy({ $0 == UInt8(ascii: "/") || URLPolicy.isUnreserved($0) }) { return path }
        return path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    /// The site's root: it sends readers to `latest/` and lists every version.
    func rootPage(versions: [Version], newest: Version?) -> [UInt8] {
        let target = Self.href((newest == nil ? Self.unstable : Self.latest) + "/index.html")
        var html = HTMLWriter(capacity: 1024)
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        html.raw("<meta http-equiv=\"refresh\" content=\"0; url=\(target)\">\n")
        html.raw(
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Versions of the spec</title>\n</head>\n<body>\n"
        )
        html.element("h1", text: "Versions of the spec")
        html.open("p")
        html.text("Go to ")
        html.element(
            "a", [("href", target)], text: newest.map { "the latest release, \($0.name)" } ?? "the unstable spec")
        html.text(".")
        html.close("p")
        html.open("ul")
        for version in versions {
            html.open("li")
            html.element("a", [("href", Self.href(version.name + "/index.html"))], text: version.name)
            html.close("li")
        }
        html.close("ul")
        html.raw("</body>\n</html>\n")
        return html.bytes
    }
}
