import Foundation

/// What `specgen build` needs to know.
public struct BuildOptions: Sendable {
    public var root: String
    public var output: String
    public var templates: String
    public var warningsAsErrors = false

    public init(root: String, output: String, templates: String, warningsAsErrors: Bool = false) {
        self.root = root
        self.output = output
        self.templates = templates
        self.warningsAsErrors = warningsAsErrors
    }
}

/// What a build did.
public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic]
    public var pageCount: Int
    public var endpointCount: Int
    /// False when errors stopped the build; the previous site is then unchanged.
    public var wrote: Bool

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Runs the whole pipeline: layout, load and resolve, render in memory, then write.
public struct SiteBuilder: Sendable {
    public let options: BuildOptions
    /// Kept between builds by `specgen serve`; a one-shot build has none.
    public var cache: BuildCache?
    /// Marks the changes of `specgen diff --output` on the pages.
    public var diff: SpecDiff?

    public init(options: BuildOptions, cache: BuildCache? = nil) {
        self.options = options
        self.cache = cache
    }

    /// Loads and renders without writing anything.
    public func render() -> (site: RenderedSite?, spec: Spec, diagnostics: DiagnosticCollector) {
        let diagnostics = DiagnosticCollector()
        var timer = StageTimer()
        let layout = SpecLayout.detect(root: options.root, diagnostics: diagnostics)
        let tree = SourceTree(root: layout.root, diagnostics: diagnostics, cache: cache?.sources ?? SourceCache())
        let spec = SpecLoader(layout: layout, tree: tree, cache: cache).load()
        timer.lap("load")
        SpecChecker(tree: tree).check(spec)
        timer.lap("check")
        defer { timer.report() }
        let shell: PageShell
        do {
            shell = try PageShell(directory: options.templates)
        } catch {
            diagnostics.emit(error)
            return (nil, spec, diagnostics)
        }
        var renderer = SiteRenderer(spec: spec, shell: shell)
        renderer.cache = cache
        renderer.diff = diff
        var site = renderer.render()
        timer.lap("render")
        if let stylesheet = FileManager.default.contents(atPath: options.templates + "/style.css") {
            site.files.append(RenderedFile(path: "style.css", bytes: [UInt8](stylesheet)))
        }
        diagnostics.emit(contentsOf: SiteVerifier.verify(site, cache: cache))
        timer.lap("verify")
        return (site, spec, diagnostics)
    }

    /// Builds the site and writes it when no error was found.
    public func build() -> BuildReport {
        let (site, spec, diagnostics) = render()
        let endpoints = spec.apis.reduce(0) { $0 + $1.operationCount }
        var failed = diagnostics.hasErrors
            || (options.warningsAsErrors && diagnostics.diagnostics.contains { $0.severity == .warning })
        if !failed, let site {
            var timer = StageTimer()
            defer { timer.lap("write"); timer.report() }
            do {
                try SiteWriter(output: options.output).write(site)
            } catch {
                diagnostics.emit(error)
                failed = true
            }
        }
        return BuildReport(
            diagnostics: diagnostics.diagnostics, pageCount: site?.pageCount ?? 0, endpointCount: endpoints,
            wrote: !failed && site != nil)
    }
}

/// Prints how long each stage took when `SPECGEN_TIMING` is set, for profiling.
struct StageTimer {
    private let enabled = ProcessInfo.processInfo.environment["SPECGEN_TIMING"] != nil
    private var last = ContinuousClock.now
    private var laps: [(String, Duration)] = []

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        laps.append((name, now - last))
        last = now
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { "\($0.0) \(($0.1.components.attoseconds / 10_000_000_000_000) / 100).\(($0.1.components.attoseconds / 10_000_000_000_000) % 100) ms" }
        FileHandle.standardError.write(Data(("timing: " + text.joined(separator: ", ") + "\n").utf8))
    }
}
