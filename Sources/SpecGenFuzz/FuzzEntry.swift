import Foundation
import SpecGenKit

/// One input through the YAML reader (and the JSON writer on what it reads) and through the
/// description pipeline and Markdown renderer.
func fuzzOne(_ bytes: [UInt8]) {
    if let (root, _) = try? YAMLReader().parse(bytes, path: "fuzz.yaml", file: 0), let root {
        _ = JSONWriter.prettyPrinted(root)
    }
    let text = String(decoding: bytes, as: UTF8.self)
    var html = HTMLWriter()
    var anchors = AnchorAllocator()
    var renderer = MarkdownRenderer(headingIDPrefix: "")
    renderer.resolvesFragments = true
    renderer.render(DescriptionText.markdown(from: text), into: &html, anchors: &anchors)
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
