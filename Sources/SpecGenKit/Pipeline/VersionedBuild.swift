import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `specgen build --all-versions`: every released version of a git repository and its work tree,
/// side by side, as spec.matrix.org serves them: `v1.8/`, `v1.16/`, `latest/` (the newest
/// release), `unstable/` (the work tree) and a root page that sends readers to `latest/`.
///
/// Each tag's tree is read from git into memory (`git archive`, never a checkout) and built like
/// any tree, one version after another with one ``BuildCache``, so that each reuses what the one
/// before made from identical files. Its pages carry a marker where the version bar goes; once
/// every version is built, the bar (a menu of the other versions' copies of the page, and on old
/// releases and `unstable/` a banner that points to `latest/`) replaces the marker. A tag's pages
/// with their markers do not depend on the other versions, so `--cache` keeps them by commit id.
package struct VersionedBuild: Sendable {
    package var root: String
    package var templates: Templates
    /// Where built tags are kept between runs, or `nil`.
    package var cacheDirectory: String?
    /// For a process that exits right after: see ``BuildOptions/keepsValuesUntilExit``.
    package var keepsValuesUntilExit = false
    /// What `specgen serve --all-versions` keeps from one run to the next: the tags' builds by
    /// commit (a commit's tree never changes), and the work tree's ``BuildCache``.
    package var kept: KeptVersions?

    package init(root: String, templates: Templates, cacheDirectory: String? = nil) {
        self.root = DiskFileSystem.canonical(root)
        self.templates = templates
        self.cacheDirectory = cacheDirectory.map(DiskFileSystem.canonical)
    }

    /// One built version: its name, its files (pages still holding the marker) and what it reported.
    struct Version: Sendable {
        let name: String
        let files: [RenderedFile]
        let diagnostics: [Diagnostic]
        /// The files that are pages, for the version bars' links.
        let pages: Set<String>

        init(name: String, files: [RenderedFile], diagnostics: [Diagnostic]) {
            self.name = name
            self.files = files
            self.diagnostics = diagnostics
            pages = Set(files.lazy.filter { $0.path.hasSuffix(".html") }.map(\.path))
        }
    }

    package struct Outcome: Sendable {
        package var site: RenderedSite?
        package var diagnostics: [Diagnostic]
        /// The layout of the work tree's spec, when it has one: the folders `serve` watches.
        package var workTreeLayout: SpecLayout?
        /// The versions built, newest release first, then `unstable`.
        package var versions: [String]
        package var latest: String?
        /// Tags taken from the cache.
        package var cached: [String]
        package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    static let marker = Array("<!--specgen:versions-->".utf8)
    /// The folder of the work tree's build.
    package static let unstable = "unstable"
    static let latest = "latest"

    package func run() -> Outcome {
        var timer = StageTimer()
        defer { timer.report() }
        var diagnostics: [Diagnostic] = []
        guard let top = GitTree.top(of: root) else {
            return Outcome(
                site: nil,
                diagnostics: [.error("--all-versions needs a git repository; \(root) is not in one", file: "")],
                workTreeLayout: nil, versions: [],
                latest: nil, cached: [])
        }
        let (built, cached, workTreeLayout) = buildEachVersion(in: top)
        timer.lap("versions")
        var versions: [Version] = []
        for version in built {
            let label = version.name == Self.unstable ? "the work tree" : "tag \(version.name)"
            // Each version's diagnostics name its files under the version.
            diagnostics += version.diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                diagnostic.file =
                    version.name == Self.unstable
                    ? diagnostic.file : version.name + (diagnostic.file.isEmpty ? "" : ":" + diagnostic.file)
                return diagnostic
            }
            guard !version.files.isEmpty else {
                let errors = version.diagnostics.filter { $0.severity == .error }.count
                diagnostics.append(
                    .error(
                        "\(label) was not built (\(errors) error\(errors == 1 ? "" : "s")); it is left out of the site",
                        file: version.name == Self.unstable ? "" : version.name))
                continue
            }
            versions.append(version)
        }
        guard !versions.isEmpty else {
            return Outcome(
                site: nil, diagnostics: diagnostics, workTreeLayout: workTreeLayout, versions: [], latest: nil,
                cached: cached)
        }
        let newest = versions.first { $0.name != Self.unstable }
        var names = versions.map(\.name)
        if newest != nil { names.insert(Self.latest, at: 0) }
        // Every page of every folder, in one parallel pass.
        var folders = versions.map { ($0, $0.name) }
        if let newest { folders.append((newest, Self.latest)) }
        let pages = folders.flatMap { version, folder in version.files.map { (version, folder, $0) } }
        var files = parallelMap(pages) { version, folder, file in
            assemble(file, of: version, as: folder, all: versions, newest: newest)
        }
        files.append(RenderedFile(path: "index.html", bytes: rootPage(versions: versions, newest: newest)))
        timer.lap("assemble")
        return Outcome(
            site: RenderedSite(files: files), diagnostics: diagnostics, workTreeLayout: workTreeLayout, versions: names,
            latest: newest?.name, cached: cached)
    }

    // MARK: Versions

    /// Every tag that matches the version pattern, newest first, then the work tree as `unstable`:
    /// each built, or taken from the cache, with its pages holding the marker.
    func buildEachVersion(in top: String) -> (built: [Version], cached: [String], workTreeLayout: SpecLayout?) {
        // The tree's folder inside the repository, for repositories whose spec is in a subfolder.
        let prefix = root == top ? "" : String(root.dropFirst(top.count + 1))
        let releases = GitTree.tags(matching: Self.versionPattern(root: root), in: top).sorted {
            Self.isOlder($1.name, than: $0.name)
        }
        let cacheKey = Self.cacheKey(templates)
        // The work tree first, then the releases from the newest: neighbours share most of their
        // files, and each build reuses what the one before parsed, composed and rendered from
        // identical inputs, as `serve` does between builds. The versions are checked and rendered
        // one after another, each parallel inside (a parallel pass nested in another runs
        // serially), while another thread fetches and loads the next one.
        let order =
            [Job(name: Self.unstable, commit: nil, isWorkTree: true)]
            + releases.map { Job(name: $0.name, commit: $0.commit, isWorkTree: false) }
        let shared = kept?.cache ?? BuildCache()
        var cached: [String] = []
        var built: [Version] = []
        var workTreeLayout: SpecLayout?
        var upcoming = Pending { [self] in
            prepare(order[0], top: top, prefix: prefix, cacheKey: cacheKey, cache: shared)
        }
        for (index, job) in order.enumerated() {
            let prepared = upcoming.value
            if index + 1 < order.count {
                upcoming = Pending { [self] in
                    prepare(order[index + 1], top: top, prefix: prefix, cacheKey: cacheKey, cache: shared)
                }
            }
            switch prepared {
            case .cached(let files, let found):
                cached.append(job.name)
                built.append(Version(name: job.name, files: files, diagnostics: found))
            case .unreadable(let reason):
                built.append(
                    Version(
                        name: job.name, files: [],
                        diagnostics: [.error("cannot read tag \(job.name) from git: \(reason)", file: "")]))
            case .loaded(let builder, let tree):
                let result = builder.render(tree)
                if job.isWorkTree { workTreeLayout = result.spec?.layout }
                let version = Self.version(job.name, result)
                if let commit = job.commit, !version.files.isEmpty {
                    writeCache(version, commit: commit, key: cacheKey)
                    kept?.keep(version, commit: commit, key: cacheKey)
                }
                built.append(version)
            }
        }
        if keepsValuesUntilExit { KeptUntilExit.keep([shared]) }
        // The work tree, built first, is listed last.
        return (Array(built.dropFirst() + built.prefix(1)), cached.sorted(), workTreeLayout)
    }

    /// A version to build: the work tree, or a tag and the commit it names (`nil` when it names none).
    struct Job: Sendable {
        var name: String
        var commit: String?
        var isWorkTree: Bool
    }

    /// A version ready to be rendered, or what stands in for it.
    enum Prepared: Sendable {
        case loaded(SiteBuilder, SiteBuilder.LoadedTree)
        case cached(files: [RenderedFile], diagnostics: [Diagnostic])
        case unreadable(reason: String)
    }

    /// The work tree, or a tag's build from the cache, else its tree from git, loaded.
    private func prepare(_ job: Job, top: String, prefix: String, cacheKey: String, cache: BuildCache) -> Prepared {
        let fileSystem: any SourceFileSystem
        if job.isWorkTree {
            fileSystem = DiskFileSystem(root: root)
        } else {
            guard let commit = job.commit else { return .unreadable(reason: "it names no commit") }
            if let entry = kept?.version(commit: commit, key: cacheKey) ?? readCache(commit: commit, key: cacheKey) {
                return .cached(files: entry.files, diagnostics: entry.diagnostics)
            }
            guard let tree = GitTree.read(commit: commit, in: top, prefix: prefix) else {
                return .unreadable(reason: "git archive failed")
            }
            fileSystem = tree
        }
        let builder = builder(for: fileSystem, cache: cache)
        return .loaded(builder, builder.load())
    }

    /// A build of one version's tree whose pages hold the marker where the version bar goes.
    private func builder(for fileSystem: any SourceFileSystem, cache: BuildCache?) -> SiteBuilder {
        var builder = SiteBuilder(options: BuildOptions(fileSystem: fileSystem, templates: templates), cache: cache)
        builder.banner = Self.marker
        return builder
    }

    /// Builds one version's tree on its own.
    func build(_ name: String, from fileSystem: any SourceFileSystem, cache: BuildCache?) -> Version {
        Self.version(name, builder(for: fileSystem, cache: cache).render())
    }

    /// A version from its build: no files when the build had errors.
    private static func version(_ name: String, _ result: BuildResult) -> Version {
        Version(name: name, files: result.hasErrors ? [] : result.site?.files ?? [], diagnostics: result.diagnostics)
    }

    /// `v1.16` is newer than `v1.8`: versions compare by their numbers, not as text or tag dates.
    static func isOlder(_ a: String, than b: String) -> Bool {
        let numbers = { (name: String) -> [Int] in name.split { !$0.isNumber }.compactMap { Int($0) } }
        let (x, y) = (numbers(a), numbers(b))
        for (p, q) in zip(x, y) where p != q { return p < q }
        return x.count != y.count ? x.count < y.count : a < b
    }

    /// The tag pattern: `versions:` in the work tree's `specgen.yaml` as its layout reads it, else
    /// `v*`. The layout's diagnostics are the work tree's build's to report.
    static func versionPattern(root: String) -> String {
        let reader = SourceReader(inputs: SourceInputs(fileSystem: DiskFileSystem(root: root)))
        let layout = SpecLayout.detect(
            reader: reader, documents: YAMLDocuments(cache: nil), diagnostics: DiagnosticCollector())
        guard let pattern = layout?.versionPattern, !pattern.isEmpty, !pattern.hasPrefix("-") else { return "v*" }
        return pattern
    }

    /// A version's file under its folder, with the version bar in place of the marker: the page's
    /// bytes around the bar, not a copy of them.
    private func assemble(
        _ file: RenderedFile, of version: Version, as folder: String, all: [Version], newest: Version?
    ) -> RenderedFile {
        let bytes = file.bytes
        guard file.path.hasSuffix(".html"), let range = bytes.firstRangeOfBytes(Self.marker) else {
            return RenderedFile(path: folder + "/" + file.path, pieces: file.pieces)
        }
        let bar = versionBar(page: file.path, in: version, as: folder, all: all, newest: newest)
        return RenderedFile(
            path: folder + "/" + file.path, pieces: [bytes[..<range.lowerBound], bar[...], bytes[range.upperBound...]])
    }

    /// The menu of versions for one page, and the banner of an old release or of `unstable/`.
    private func versionBar(page: String, in version: Version, as folder: String, all: [Version], newest: Version?)
        -> [UInt8]
    {
        let here = folder + "/" + page
        func link(to other: Version, as otherFolder: String) -> String {
            Self.href(
                SiteMap.relative(otherFolder + "/" + (other.pages.contains(page) ? page : "index.html"), from: here))
        }
        var html = HTMLWriter(capacity: 1024)
        html.open("div", [("class", "versions-bar")])
        html.open("details", [("class", "versions")])
        html.open("summary")
        html.text("Version: " + (folder == Self.latest ? "\(version.name) (latest)" : version.name))
        html.close("summary")
        html.open("ul")
        var entries: [(String, Version, String)] = []
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
        if let newest, folder != Self.latest, version.name != newest.name {
            html.open("p", [("class", "version-banner")])
            if version.name == Self.unstable {
                html.text("This is the unstable spec: what the main branch holds now, not a release. ")
            } else {
                html.text("This is version \(version.name) of the spec, not the latest. ")
            }
            html.element(
                "a", [("href", link(to: newest, as: Self.latest))],
                text: newest.pages.contains(page)
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
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    /// The site's root: it sends readers to `latest/` and lists every version.
    private func rootPage(versions: [Version], newest: Version?) -> [UInt8] {
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

    // MARK: Cache

    /// What a cached tag depends on besides its commit: this specgen and its templates.
    static func cacheKey(_ templates: Templates) -> String {
        var hasher = FNV1a()
        hasher.combine(Array(SpecGenVersion.current.utf8))
        for (name, text) in templates.mustache.sorted(by: { $0.key < $1.key }) {
            hasher.combine(Array(name.utf8))
            hasher.combine(Array(text.utf8))
        }
        for (name, bytes) in templates.files.sorted(by: { $0.key < $1.key }) {
            hasher.combine(Array(name.utf8))
            hasher.combine(bytes)
        }
        return String(hasher.value, radix: 16)
    }

    private func cacheFolder(commit: String, key: String) -> String? {
        cacheDirectory.map { "\($0)/\(commit)-\(key)" }
    }

    /// A tag built before from the same commit, templates and specgen: its files and diagnostics.
    private func readCache(commit: String, key: String) -> (files: [RenderedFile], diagnostics: [Diagnostic])? {
        guard let folder = cacheFolder(commit: commit, key: key),
            let manifest = FileManager.default.contents(atPath: folder + "/" + Self.manifestName)
        else { return nil }
        var files: [RenderedFile] = []
        var diagnostics: [Diagnostic] = []
        for line in String(decoding: manifest, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            if fields.first == "file", fields.count == 2 {
                guard let data = FileManager.default.contents(atPath: folder + "/files/" + fields[1]) else {
                    return nil
                }
                files.append(RenderedFile(path: fields[1], bytes: [UInt8](data)))
            } else if fields.first == "diagnostic", fields.count == 6, let line = Int(fields[3]),
                let column = Int(fields[4])
            {
                diagnostics.append(
                    Diagnostic(
                        fields[1] == "error" ? .error : .warning, fields[5], file: fields[2],
                        at: SourceLocation(line: line, column: column)))
            }
        }
        return (files, diagnostics)
    }

    static let manifestName = "manifest.tsv"

    /// Keeps a built tag; written into a staging folder that is renamed into place, so a killed run
    /// never leaves a half-written entry.
    private func writeCache(_ version: Version, commit: String, key: String) {
        guard let folder = cacheFolder(commit: commit, key: key) else { return }
        let staging = folder + ".new-\(getpid())"
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: staging)
        var manifest = ""
        do {
            for file in version.files {
                let path = staging + "/files/" + file.path
                try fileManager.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard fileManager.createFile(atPath: path, contents: Data(file.bytes)) else {
                    throw CocoaError(.fileWriteUnknown)
                }
                manifest += "file\t\(file.path)\n"
            }
            for diagnostic in version.diagnostics {
                let message = diagnostic.message.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(
                    of: "\t", with: " ")
                manifest +=
                    "diagnostic\t\(diagnostic.severity.rawValue)\t\(diagnostic.file)\t\(diagnostic.location.line)\t\(diagnostic.location.column)\t\(message)\n"
            }
            try Data(manifest.utf8).write(to: URL(fileURLWithPath: staging + "/" + Self.manifestName))
            try? fileManager.removeItem(atPath: folder)
            try fileManager.moveItem(atPath: staging, toPath: folder)
        } catch {
            try? fileManager.removeItem(atPath: staging)
        }
    }
}

/// Tags built by an earlier run in this process, by commit, and the ``BuildCache`` of the work
/// tree's builds: what `specgen serve --all-versions` keeps, so that a rebuild builds the work tree
/// alone, and only what an edit touched.
package final class KeptVersions: Sendable {
    let cache = BuildCache()
    private let tags = Mutex<[String: (files: [RenderedFile], diagnostics: [Diagnostic])]>([:])

    package init() {}

    func version(commit: String, key: String) -> (files: [RenderedFile], diagnostics: [Diagnostic])? {
        tags.withLock { $0[commit + "-" + key] }
    }

    func keep(_ version: VersionedBuild.Version, commit: String, key: String) {
        tags.withLock { $0[commit + "-" + key] = (version.files, version.diagnostics) }
    }
}

/// The version of specgen, part of every cache key.
package enum SpecGenVersion {
    package static let current = "2.0.0"
}

/// FNV-1a, 64 bits: a stable hash for cache keys (Swift's `Hasher` is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        value ^= 0xFF
        value = value &* 0x0000_0100_0000_01B3
    }
}
