import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What a build reads: the source tree's file system and the loaded templates.
package struct BuildOptions: Sendable {
    package var fileSystem: any SourceFileSystem
    package var templates: Templates
    package var warningsAsErrors = false
    /// For a process that exits right after the build: its values are kept instead of freed, since
    /// freeing a model of a few hundred thousand objects only costs time (about a tenth of a build).
    package var keepsValuesUntilExit = false
    /// What the command line makes of kinds of diagnostic; the tree's `specgen.yaml` adds to it.
    package var policy = DiagnosticPolicy()
    /// The published site that each API's `api.json` makes its links absolute against
    /// (`https://spec.matrix.org/v1.19`); by default spec.matrix.org's folder of the tree's release.
    package var apiBaseURL: String?
    /// The commit the tree is at, for the unstable changelog's link; `nil` outside git. Asked
    /// only of unstable trees, since it runs git.
    package var revision: @Sendable () -> String? = { nil }

    package init(fileSystem: any SourceFileSystem, templates: Templates, warningsAsErrors: Bool = false) {
        self.fileSystem = fileSystem
        self.templates = templates
        self.warningsAsErrors = warningsAsErrors
    }
}

/// Where a finished site goes: a folder on disk, or the preview server's memory.
package protocol SiteConsumer {
    func consume(_ site: RenderedSite) throws(Diagnostic)
}

/// What a build did.
package struct BuildResult: Sendable {
    /// `nil` when errors stopped the build.
    package var site: RenderedSite?
    package var spec: Spec?
    package var diagnostics: [Diagnostic]
    /// The files the build read, relative to the root.
    package var inputs: [String]

    package init(site: RenderedSite?, spec: Spec?, diagnostics: [Diagnostic], inputs: [String]) {
        self.site = site
        self.spec = spec
        self.diagnostics = diagnostics
        self.inputs = inputs
    }

    package func summary(warningsAsErrors: Bool) -> DiagnosticSummary {
        DiagnosticSummary(diagnostics, warningsAsErrors: warningsAsErrors)
    }
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Runs the pipeline in memory: load, check, compose, map, render. Only loading reads files;
/// the result goes to a ``SiteConsumer``.
package struct SiteBuilder: Sendable {
    package let options: BuildOptions
    /// Kept between builds by `specgen serve`; a one-shot build has none.
    package var cache: BuildCache?
    /// Marks the changes of `specgen diff --output` on the pages.
    package var diff: SpecDiff?
    /// HTML for every page's banner slot, for builds of several versions.
    package var banner: [UInt8]?

    package init(options: BuildOptions, cache: BuildCache? = nil) {
        self.options = options
        self.cache = cache
    }

    /// The first half of a build: the tree loaded into a model, not yet checked or rendered.
    package struct LoadedTree: Sendable {
        /// `nil` when errors stopped loading.
        let loaded: (spec: Spec, inputs: SourceInputs)?
        let stamps: PartStamps?
        let diagnostics: DiagnosticCollector
    }

    package func render() -> BuildResult {
        render(load())
    }

    /// Loads the tree: the only stage that reads files.
    package func load() -> LoadedTree {
        let diagnostics = DiagnosticCollector(policy: options.policy)
        var timer = StageTimer()
        defer { timer.lap("load"); timer.report() }
        let stamps = cache.map { _ in PartStamps() }
        var loader = SpecLoader(fileSystem: options.fileSystem, cache: cache)
        loader.revision = options.revision
        let loaded = loader.load(diagnostics: diagnostics, stamps: stamps)
        return LoadedTree(loaded: loaded, stamps: stamps, diagnostics: diagnostics)
    }

    /// Checks, composes, maps and renders a loaded tree.
    package func render(_ tree: LoadedTree) -> BuildResult {
        let diagnostics = tree.diagnostics
        var timer = StageTimer()
        defer { timer.report() }
        guard let (spec, inputs) = tree.loaded else {
            return BuildResult(site: nil, spec: nil, diagnostics: diagnostics.diagnostics, inputs: [])
        }
        let markdown = cache?.markdown(for: spec.layout) ?? MarkdownCache(parser: SpecLoader.parser(for: spec.layout))
        var composer = SiteComposer(spec: spec)
        composer.diff = diff
        if let cache, let stamps = tree.stamps {
            composer.pageCache = PageCache(cache: cache, spec: spec, stamps: stamps.all, inputs: inputs)
        }
        // The checks and the pages' compositions, in one parallel pass: neither needs the other.
        let pass = ParallelPass()
        let checked = SpecChecker(spec: spec, markdown: markdown).check(in: pass)
        let composed = composer.compose(in: pass)
        pass.run()
        diagnostics.emit(contentsOf: checked())
        let (plans, composeDiagnostics) = composed()
        diagnostics.emit(contentsOf: composeDiagnostics)
        timer.lap("check, compose")
        let map = SiteMap.build(plans, spec: spec, paths: composer.paths)
        timer.lap("map")
        let shell: PageShell
        do {
            shell = try PageShell(templates: options.templates, site: Self.shellSite(spec: spec, map: map))
        } catch {
            diagnostics.emit(error)
            return BuildResult(site: nil, spec: spec, diagnostics: diagnostics.diagnostics, inputs: inputs.filesRead)
        }
        var renderer = SiteRenderer(
            spec: spec, plans: plans, map: map, shell: shell, templates: options.templates, markdown: markdown)
        renderer.banner = banner
        renderer.export = OpenAPIExport.defaults(for: spec.config, baseURL: options.apiBaseURL)
        renderer.cache = cache
        let (site, renderDiagnostics) = renderer.render()
        diagnostics.emit(contentsOf: renderDiagnostics)
        timer.lap("render")
        if options.keepsValuesUntilExit { KeptUntilExit.keep([spec, markdown, plans, map, renderer, inputs]) }
        return BuildResult(site: site, spec: spec, diagnostics: diagnostics.diagnostics, inputs: inputs.filesRead)
    }

    /// Renders, then hands the site to `consumer` when the build has no errors (and no warnings
    /// when they count as errors).
    package func build(into consumer: some SiteConsumer) -> BuildResult {
        var result = render()
        guard let site = result.site, !result.summary(warningsAsErrors: options.warningsAsErrors).failed else {
            result.site = nil
            return result
        }
        var timer = StageTimer()
        defer { timer.lap("write"); timer.report() }
        do {
            try consumer.consume(site)
        } catch {
            result.diagnostics.append(error)
            result.site = nil
        }
        return result
    }

    /// What the header shows: the site's name, its version, and its menu.
    static func shellSite(spec: Spec, map: SiteMap) -> PageShell.Site {
        let navigation = Navigation(map: map)
        var menu = navigation.sections.map {
            PageShell.MenuItem(label: $0.navigationTitle, href: $0.path, isExternal: false)
        }
        menu += spec.config.menu.map {
            PageShell.MenuItem(label: $0.name, href: $0.url, isExternal: LinkResolver.hasScheme($0.url))
        }
        return PageShell.Site(name: spec.config.title, version: spec.config.version, menu: menu, hasSearch: true)
    }
}

/// Prints how long each stage took, and the CPU time it used on all cores, when `SPECGEN_TIMING`
/// is set, for profiling; each line ends with the time since the first timer of the process started.
struct StageTimer {
    private static let enabled = getenv("SPECGEN_TIMING") != nil
    private static let origin = ContinuousClock.now
    private var last = ContinuousClock.now
    private var lastCPU = StageTimer.enabled ? StageTimer.cpuMilliseconds() : 0
    private var laps: [(name: String, wall: Duration, cpu: Double)] = []

    init() {
        if Self.enabled { _ = Self.origin }
    }

    /// The CPU time the process has used so far, user and system, on all its threads.
    private static func cpuMilliseconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let seconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        return seconds * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
    }

    mutating func lap(_ name: String) {
        guard Self.enabled else { return }
        let now = ContinuousClock.now
        let cpu = Self.cpuMilliseconds()
        laps.append((name, now - last, cpu - lastCPU))
        last = now
        lastCPU = cpu
    }

    func report() {
        guard Self.enabled, !laps.isEmpty else { return }
        let text = laps.map { lap in "\(lap.name) \(Self.milliseconds(lap.wall)) ms (cpu \(Int(lap.cpu.rounded())) ms)"
        }
        let line =
            "timing: " + text.joined(separator: ", ")
            + " [at \(Self.milliseconds(ContinuousClock.now - Self.origin)) ms, peak \(Self.peakMegabytes()) MB]\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// The most memory the process has held so far, in MB.
    private static func peakMegabytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss >> 10
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        return "\(micros / 1000).\(String(micros % 1000 / 10).leftPadded(2))"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Values a one-shot build keeps rather than frees: see ``BuildOptions/keepsValuesUntilExit``.
enum KeptUntilExit {
    private static let values = Mutex<[any Sendable]>([])

    static func keep(_ more: [any Sendable]) {
        values.withLock { $0 += more }
    }
}
