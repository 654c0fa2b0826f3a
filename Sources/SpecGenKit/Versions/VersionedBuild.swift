import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `specgen build --all-versions`: every released version of a git repository and its work tree,
/// side by side, as spec.matrix.org serves them: `v1.8/`, `v1.16/`, `latest/` (the newest
/// release), `unstable/` (the work tree) and a root page that sends readers to `latest/`.
///
/// Each tag's tree is read from git into memory (never a checkout) and built like
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
    /// What the command line makes of kinds of diagnostic, for every version.
    package var policy = DiagnosticPolicy()
    /// The published site's root, which each version's `api.json` links under its own folder.
    package var siteURL = "https://spec.matrix.org"
    /// Whether a site without the work tree's build counts as failed (`serve --all-versions`).
    package var requiresWorkTree = false
    /// A second root of proposals (`--proposals`), read as every version's `proposals/`.
    package var proposals: (any SourceFileSystem)?
    /// Told as each version is done, for a terminal's progress line.
    package var progress: (@Sendable (Progress) -> Void)?

    /// One version done.
    package struct Progress: Sendable, CustomStringConvertible {
        package var version: String
        package var done: Int
        package var total: Int
        package var pages: Int
        package var errors: Int
        package var warnings: Int
        package var fromCache: Bool

        package var description: String {
            let what = version == VersionedBuild.unstable ? "the work tree" : version
            let counts =
                "\(pages) pages, \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            return "specgen: \(done)/\(total) built \(what)\(fromCache ? " (from the cache)" : ""): \(counts)"
        }
    }
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
        /// Empty once they are written out to the staging folder (see ``parked()``).
        private(set) var files: [RenderedFile]
        let diagnostics: [Diagnostic]
        /// Every file's path, in memory or written out.
        let paths: [String]
        /// The files that are pages, for the version bars' links.
        let pages: Set<String>
        /// The pages written out to the staging folder with a version bar, by their path there:
        /// where the bar is and what it said, as forecast when the version was built.
        private(set) var staged: [String: StagedBar] = [:]
        /// Whether its copy in `latest/` was written with it (it was forecast to be the newest release).
        private(set) var wroteLatest = false

        init(name: String, files: [RenderedFile], diagnostics: [Diagnostic]) {
            self.name = name
            self.files = files
            self.diagnostics = diagnostics
            paths = files.map(\.path)
            pages = Set(paths.lazy.filter { $0.hasSuffix(".html") })
        }

        /// Whether it was built: a version with errors has no files.
        var isBuilt: Bool { !paths.isEmpty }

        /// The version without its files, once they are in the staging folder under its name.
        func parked(staged: [String: StagedBar], wroteLatest: Bool) -> Version {
            var parked = self
            parked.files = []
            parked.staged = staged
            parked.wroteLatest = wroteLatest
            return parked
        }
    }

    /// The version bars as they will be if every version still to be built builds and has every
    /// page: a page written with its forecast bar is not written again unless the forecast was
    /// wrong (a page that older releases lack, a tag that fails).
    struct Forecast {
        /// Every version in the site's order: the releases from the newest, then `unstable`.
        var order: [String]
        var listings: [Listing] = []
        var newest: Listing?

        init(releases: [String]) {
            order = releases + [VersionedBuild.unstable]
        }

        /// The forecast once `built` are built: their pages are known, and the failed are left out.
        mutating func update(_ built: [Version]) {
            let known = Dictionary(built.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            listings = order.compactMap { name in
                guard let version = known[name] else { return Listing(name: name, pages: nil) }
                return version.isBuilt ? Listing(version) : nil
            }
            newest = listings.first { $0.name != VersionedBuild.unstable }
        }
    }

    package struct Outcome: Sendable {
        /// The assembled site, when it was built in memory (``build(into:)``).
        package var site: RenderedSite?
        /// Whether a site was handed over or written.
        package var published = false
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

    /// Builds every version and hands the assembled site to `consumer`; a site is handed over
    /// when at least one version (the work tree, with ``requiresWorkTree``) was built.
    package func build(into consumer: some SiteConsumer) -> Outcome {
        var outcome = run(staging: nil)
        guard let site = outcome.site, !requiresWorkTree || outcome.versions.contains(Self.unstable) else {
            outcome.site = nil
            return outcome
        }
        do {
            try consumer.consume(site)
            outcome.published = true
        } catch {
            outcome.diagnostics.append(error)
            outcome.site = nil
        }
        return outcome
    }

    /// Builds every version and writes the site: each version's files go to the staging folder as
    /// soon as it is built, so that at most two versions' pages are in memory at a time; the version
    /// bars are put in once all are built, and the folder replaces the output when one was.
    package func write(to writer: SiteWriter) -> Outcome {
        let staging: SiteWriter.Staging
        do {
            staging = try writer.stage()
        } catch {
            return Outcome(
                site: nil, diagnostics: [error], workTreeLayout: nil, versions: [], latest: nil, cached: [])
        }
        var outcome = run(staging: staging)
        guard outcome.published, !requiresWorkTree || outcome.versions.contains(Self.unstable) else {
            staging.abandon()
            outcome.published = false
            return outcome
        }
        do {
            try staging.commit()
        } catch {
            staging.abandon()
            outcome.diagnostics.append(error)
            outcome.published = false
        }
        return outcome
    }

    /// Builds every version and assembles the site: in memory, or in `staging` where each version
    /// is written as it is built (``Outcome/published`` says whether the staging folder holds a site).
    package func run(staging: SiteWriter.Staging? = nil) -> Outcome {
        var timer = StageTimer()
        defer { timer.report() }
        var diagnostics: [Diagnostic] = []
        guard let top = GitTree.top(of: root) else {
            return Outcome(
                site: nil,
                diagnostics: [
                    Diagnostic(.git, "--all-versions needs a git repository; \(root) is not in one", file: "")
                ],
                workTreeLayout: nil, versions: [],
                latest: nil, cached: [])
        }
        let (built, cached, workTreeLayout, parkingError) = buildEachVersion(in: top, staging: staging)
        if let parkingError { diagnostics.append(parkingError) }
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
            guard version.isBuilt else {
                let errors = version.diagnostics.filter { $0.severity == .error }.count
                diagnostics.append(
                    Diagnostic(
                        .versionNotBuilt,
                        "\(label) was not built (\(errors) error\(errors == 1 ? "" : "s")); it is left out of the site",
                        file: version.name == Self.unstable ? "" : version.name))
                continue
            }
            versions.append(version)
        }
        guard !versions.isEmpty, parkingError == nil else {
            return Outcome(
                site: nil, diagnostics: diagnostics, workTreeLayout: workTreeLayout, versions: [], latest: nil,
                cached: cached)
        }
        let newest = versions.first { $0.name != Self.unstable }
        var names = versions.map(\.name)
        if newest != nil { names.insert(Self.latest, at: 0) }
        let root = RenderedFile(path: "index.html", bytes: rootPage(versions: versions, newest: newest))
        var outcome = Outcome(
            site: nil, diagnostics: diagnostics, workTreeLayout: workTreeLayout, versions: names,
            latest: newest?.name, cached: cached)
        defer { timer.lap("assemble") }
        if let staging {
            if let error = assemble(versions, newest: newest, in: staging) ?? Self.write([root], to: staging) {
                outcome.diagnostics.append(error)
            } else {
                outcome.published = true
            }
            return outcome
        }
        // Every page of every folder, in one parallel pass.
        var folders = versions.map { ($0, $0.name) }
        if let newest { folders.append((newest, Self.latest)) }
        let pages = folders.flatMap { version, folder in version.files.map { (version, folder, $0) } }
        let listings = versions.map(Listing.init)
        let files = parallelMap(pages) { version, folder, file in
            assemble(file, of: version, as: folder, all: listings, newest: newest.map(Listing.init)).file
        }
        outcome.site = RenderedSite(files: files + [root])
        return outcome
    }

    /// The folders a version's files go to: its own, and `latest/` when it is the newest release.
    private static func folders(of version: String, newest: String?) -> [String] {
        [version] + (version == newest ? [latest] : [])
    }

    /// A built version's files under its folder, each page with its forecast version bar, and
    /// under `latest/` too when it is forecast to be the newest release; and where the bars are.
    private func withForecastBars(_ version: Version, _ forecast: Forecast) -> (
        files: [RenderedFile], staged: [String: StagedBar], wroteLatest: Bool
    ) {
        let folders = Self.folders(of: version.name, newest: forecast.newest?.name)
        var files: [RenderedFile] = []
        var staged: [String: StagedBar] = [:]
        for file in version.files {
            for folder in folders {
                let (assembled, bar) = assemble(
                    file, of: version, as: folder, all: forecast.listings, newest: forecast.newest)
                files.append(assembled)
                if let bar { staged[assembled.path] = bar }
            }
        }
        return (files, staged, folders.count > 1)
    }

    /// Puts the final version bars into the pages written to `staging`: a page is read back and
    /// written again only where its forecast bar was wrong, and the newest release is copied to
    /// `latest/` when another was forecast. Each file is read back at most once, in parallel.
    /// Returns the first failure.
    private func assemble(_ versions: [Version], newest: Version?, in staging: SiteWriter.Staging) -> Diagnostic? {
        let listings = versions.map(Listing.init)
        let newestListing = newest.map(Listing.init)
        let files = versions.flatMap { version in version.paths.map { (version, $0) } }
        let failures = parallelMap(files) { version, path -> Diagnostic? in
            let source = version.name + "/" + path
            let folders = Self.folders(of: version.name, newest: newest?.name)
            // Each copy that lacks its final bar, and the bar; `nil` for a copy made as it is.
            var missing: [(folder: String, bar: [UInt8]?)] = []
            for folder in folders {
                let target = folder + "/" + path
                guard version.staged[source] != nil else {
                    // Nothing to put in: only a copy not yet in `latest/` is missing.
                    if folder == Self.latest && !version.wroteLatest { missing.append((folder, nil)) }
                    continue
                }
                let bar = versionBar(page: path, in: version.name, as: folder, all: listings, newest: newestListing)
                if version.staged[target]?.bar != bar { missing.append((folder, bar)) }
            }
            guard !missing.isEmpty else { return nil }
            do throws(Diagnostic) {
                let bytes = try staging.read(source)
                let assembled = try missing.map { folder, bar throws(Diagnostic) -> RenderedFile in
                    let target = folder + "/" + path
                    guard let bar, let staged = version.staged[source] else {
                        return RenderedFile(path: target, bytes: bytes)
                    }
                    guard staged.range.upperBound <= bytes.count, bytes[staged.range].elementsEqual(staged.bar) else {
                        throw Diagnostic(
                            .output, "\(source) changed in the staging folder while the build ran", file: source)
                    }
                    return RenderedFile(
                        path: target, pieces: Self.pieces(of: bytes, replacing: staged.range, with: bar))
                }
                try staging.write(assembled)
                return nil
            } catch {
                return error
            }
        }
        return failures.lazy.compactMap { $0 }.first
    }

    private static func write(_ files: [RenderedFile], to staging: SiteWriter.Staging) -> Diagnostic? {
        do {
            try staging.write(files)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Versions

    /// Every tag that matches the version pattern, newest first, then the work tree as `unstable`:
    /// each built, or taken from the cache, with its pages holding the marker.
    /// With `staging`, each built version's files are written there under its name, and the
    /// versions returned hold none (the first failure to write is returned, and ends the writing).
    func buildEachVersion(in top: String, staging: SiteWriter.Staging? = nil) -> (
        built: [Version], cached: [String], workTreeLayout: SpecLayout?, parkingError: Diagnostic?
    ) {
        // The tree's folder inside the repository, for repositories whose spec is in a subfolder.
        let prefix = root == top ? "" : String(root.dropFirst(top.count + 1))
        var refused: [Version] = []
        let releases = GitTree.tags(matching: Self.versionPattern(root: root), in: top).filter { tag in
            guard let problem = Self.problem(withTagName: tag.name) else { return true }
            refused.append(
                Version(name: tag.name, files: [], diagnostics: [Diagnostic(.unsafeName, problem, file: "")]))
            return false
        }.sorted { Self.isOlder($1.name, than: $0.name) }
        let cacheKey = Self.cacheKey(
            templates, policy: policy, siteURL: siteURL, proposals: proposals.map(TreeDigest.of))
        // The work tree first, then the releases from the newest: neighbours share most of their
        // files, and each build reuses what the one before parsed, composed and rendered from
        // identical inputs, as `serve` does between builds. The versions are checked and rendered
        // one after another, each parallel inside (a parallel pass nested in another runs
        // serially), while another thread fetches and loads the next one.
        let order =
            [Job(name: Self.unstable, commit: nil, isWorkTree: true)]
            + releases.map { Job(name: $0.name, commit: $0.commit, isWorkTree: false) }
        // Between releases a moved line is a changed plan, so keeping endpoints one by one costs
        // about what it saves; `serve` keeps them for the edits to the work tree.
        let shared = kept?.cache ?? BuildCache(keepsComponents: false)
        let blobs = GitTree.BlobStore()
        var cached: [String] = []
        var built: [Version] = []
        var workTreeLayout: SpecLayout?
        var parkingError: Diagnostic?
        var writing: Pending<Diagnostic?>?
        var forecast = Forecast(releases: releases.map(\.name))
        /// Writes the last version built out to `staging`, with its forecast version bars, while the
        /// next is built, keeping only its paths: at most two versions' files are in memory.
        func park() {
            guard let staging, let version = built.last, version.isBuilt else { return }
            parkingError = parkingError ?? writing?.value
            forecast.update(built)
            let (files, staged, wroteLatest) = withForecastBars(version, forecast)
            writing = Pending { Self.write(files, to: staging) }
            built[built.count - 1] = version.parked(staged: staged, wroteLatest: wroteLatest)
        }
        var upcoming = Pending { [self] in
            prepare(order[0], top: top, prefix: prefix, cacheKey: cacheKey, cache: shared, blobs: blobs)
        }
        func report(_ version: Version, fromCache: Bool) {
            let errors = version.diagnostics.filter { $0.severity == .error }.count
            progress?(
                Progress(
                    version: version.name, done: built.count, total: order.count, pages: version.pages.count,
                    errors: errors, warnings: version.diagnostics.count - errors, fromCache: fromCache))
        }
        for (index, job) in order.enumerated() {
            let prepared = upcoming.value
            if index + 1 < order.count {
                upcoming = Pending { [self] in
                    prepare(order[index + 1], top: top, prefix: prefix, cacheKey: cacheKey, cache: shared, blobs: blobs)
                }
            }
            switch prepared {
            case .cached(let files, let found):
                cached.append(job.name)
                built.append(Version(name: job.name, files: files, diagnostics: found))
                report(built[built.count - 1], fromCache: true)
                park()
            case .unreadable(let reason):
                built.append(
                    Version(
                        name: job.name, files: [],
                        diagnostics: [Diagnostic(.git, "cannot read tag \(job.name) from git: \(reason)", file: "")]))
                report(built[built.count - 1], fromCache: false)
            case .loaded(let builder, let tree):
                let result = builder.render(tree)
                if job.isWorkTree { workTreeLayout = result.spec?.layout }
                let version = Self.version(job.name, result)
                if let commit = job.commit, version.isBuilt {
                    writeCache(version, commit: commit, key: cacheKey)
                    kept?.keep(version, commit: commit, key: cacheKey)
                }
                built.append(version)
                report(version, fromCache: false)
                park()
            }
        }
        parkingError = parkingError ?? writing?.value
        if keepsValuesUntilExit { KeptUntilExit.keep([shared]) }
        // The work tree, built first, is listed last.
        return (Array(built.dropFirst() + refused + built.prefix(1)), cached.sorted(), workTreeLayout, parkingError)
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
    private func prepare(
        _ job: Job, top: String, prefix: String, cacheKey: String, cache: BuildCache, blobs: GitTree.BlobStore
    ) -> Prepared {
        let fileSystem: any SourceFileSystem
        if job.isWorkTree {
            fileSystem = MountedFileSystem.withProposals(DiskFileSystem(root: root), proposals)
        } else {
            guard let commit = job.commit else { return .unreadable(reason: "it names no commit") }
            if let entry = kept?.version(commit: commit, key: cacheKey) ?? readCache(commit: commit, key: cacheKey) {
                return .cached(files: entry.files, diagnostics: entry.diagnostics)
            }
            guard let tree = GitTree.read(commit: commit, in: top, prefix: prefix, blobs: blobs) else {
                return .unreadable(reason: "git could not list or read its tree")
            }
            fileSystem = MountedFileSystem.withProposals(tree, proposals)
        }
        let builder = builder(for: fileSystem, named: job.name, cache: cache)
        return .loaded(builder, builder.load())
    }

    /// A build of one version's tree whose pages hold the marker where the version bar goes.
    private func builder(for fileSystem: any SourceFileSystem, named name: String, cache: BuildCache?) -> SiteBuilder {
        var options = BuildOptions(fileSystem: fileSystem, templates: templates)
        options.policy = policy
        options.apiBaseURL = siteURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/" + name
        if name == Self.unstable { options.revision = { [root] in GitTree.shortHead(of: root) } }
        var builder = SiteBuilder(options: options, cache: cache)
        builder.banner = Self.marker
        return builder
    }

    /// Builds one version's tree on its own.
    func build(_ name: String, from fileSystem: any SourceFileSystem, cache: BuildCache?) -> Version {
        Self.version(name, builder(for: fileSystem, named: name, cache: cache).render())
    }

    /// A version from its build: no files when the build had errors.
    private static func version(_ name: String, _ result: BuildResult) -> Version {
        Version(name: name, files: result.hasErrors ? [] : result.site?.files ?? [], diagnostics: result.diagnostics)
    }

    /// Why a tag cannot be a folder of the site, or `nil` when it can: the folders the build
    /// writes itself, names a path cannot hold, and names that leave the output.
    static func problem(withTagName name: String) -> String? {
        if name == Self.latest || name == Self.unstable {
            return
                "tag '\(name)' names the folder of \(name == Self.latest ? "the newest release" : "the work tree"); it is not built"
        }
        if name == "index.html" { return "tag 'index.html' names the site's root page; it is not built" }
        if name.hasPrefix(".") || name.contains("/") || name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return "tag '\(name)' cannot be the name of a folder of the site; it is not built"
        }
        return nil
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
}
