import Foundation
import SpecGenKit

/// One input. An input that starts with `TREE\n` describes a source tree on disk (files, folders,
/// symbolic links anywhere, FIFOs) that a real build reads; any other input goes through the YAML
/// reader and the JSON writer, the Markdown parser (shortcodes, tables, raw HTML) and renderer, and
/// a whole in-memory build in which the input is an API file, an event schema, a proposal and a
/// prose page at once.
func fuzzOne(_ bytes: [UInt8]) {
    if bytes.starts(with: Array("TREE\n".utf8)) {
        fuzzTree(Array(bytes.dropFirst(5)))
        return
    }
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
        "proposals/1234-fuzz.md": bytes, "content/fuzz.md": bytes,
        "content/_index.md": Array("{{% http-api spec=\"client-server\" api=\"fuzz\" %}}".utf8),
    ])
    let templates = Templates(
        mustache: ["page": "<title>{{title}}</title>{{{sidebar}}}{{{content}}}{{{toc}}}"], files: [:], origin: "(fuzz)")
    _ = SiteBuilder(options: BuildOptions(fileSystem: files, templates: templates)).render()
}

/// Builds a tree made from records separated by NUL bytes: `f<path>\n<contents>` a file,
/// `d<path>` a folder, `l<path>\n<target>` a symbolic link (to anywhere: `/etc/passwd`, `../..`),
/// `p<path>` a FIFO. Paths are made inside a fresh folder; a build must neither hang on a FIFO nor
/// read through a link out of the tree.
func fuzzTree(_ bytes: [UInt8]) {
    let base = FileManager.default.temporaryDirectory.path + "/specgen-fuzz-\(getpid())"
    try? FileManager.default.removeItem(atPath: base)
    defer { try? FileManager.default.removeItem(atPath: base) }
    let root = base + "/tree"
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: base + "/outside.md", contents: Data("# SECRET outside the tree\n".utf8))
    for record in bytes.split(separator: 0, maxSplits: 64).prefix(64) {
        guard let kind = record.first else { continue }
        let rest = record.dropFirst()
        let newline = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
        let name = String(decoding: rest[..<newline], as: UTF8.self)
        let body = newline < rest.endIndex ? Array(rest[rest.index(after: newline)...]) : []
        // The records' own paths stay in the tree; only link targets may point out of it.
        guard !name.isEmpty, name.count < 200, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            continue
        }
        let path = root + "/" + name
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        switch kind {
        case UInt8(ascii: "f"): FileManager.default.createFile(atPath: path, contents: Data(body))
        case UInt8(ascii: "d"):
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        case UInt8(ascii: "l"):
            try? FileManager.default.createSymbolicLink(
                atPath: path, withDestinationPath: String(decoding: body, as: UTF8.self))
        case UInt8(ascii: "p"): mkfifo(path, 0o644)
        default: continue
        }
    }
    let templates = Templates(mustache: ["page": "<title>{{title}}</title>{{{content}}}"], files: [:], origin: "(fuzz)")
    let result = SiteBuilder(options: BuildOptions(fileSystem: DiskFileSystem(root: root), templates: templates))
        .render()
    // Nothing from outside the tree may reach a page.
    for file in result.site?.files ?? [] where file.bytes.firstRange(of: Array("SECRET outside".utf8)) != nil {
        fatalError("a file outside the tree reached \(file.path)")
    }
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
            exit(
                runFuzzerDriver(&argc, &argv) { data, size in
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
