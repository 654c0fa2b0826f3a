import Foundation
import SpecGenKit

/// One input through the YAML reader and the JSON writer, the Markdown parser (shortcodes, tables,
/// raw HTML) and renderer, and a whole in-memory build in which the input is an API file, an event
/// schema, a proposal and a prose page at once.
func fuzzOne(_ bytes: [UInt8]) {
    if let (root, _) = try? YAMLReader().parse(bytes, file: "fuzz.yaml"), let root {
        _ = JSONWriter.prettyPrinted(root)
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let (document, _) = MarkdownParser().parse(text)
    var html = HTMLWriter()
    var renderer = MarkdownHTMLRenderer(context: PlainMarkdownContext())
    renderer.render(document, into: &html)
    _ = RawHTML.tokenize(text)
    let files = MemoryFileSystem([
        "data/api/client-server/fuzz.yaml": bytes, "data/event-schemas/schema/m.fuzz.yaml": bytes,
        "proposals/1234-fuzz.md": bytes, "content/fuzz.md": bytes, "content/_index.md": Array("{{% http-api spec=\"client-server\" api=\"fuzz\" %}}".utf8),
    ])
    let templates = Templates(mustache: ["page": "<title>{{title}}</title>{{{sidebar}}}{{{content}}}{{{toc}}}"], files: [:], origin: "(fuzz)")
    _ = SiteBuilder(options: BuildOptions(fileSystem: files, templates: templates)).render()
}

#if FUZZING
/// libFuzzer's driver, linked in by `-sanitize=fuzzer` (see fuzz/run).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// With `-DFUZZING`, hands control to libFuzzer; otherwise replays the files given as
/// arguments (`specgen-fuzz fuzz/crashes/crash-…`).
@main
struct FuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in
            fuzzOne(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        })
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            fuzzOne([UInt8](data))
            print("ok \(path)")
        }
        #endif
    }
}
