// Times what `bench/run` cannot time from outside: a `specgen serve` rebuild after one edit.
//
//   specgen-bench rebuild ROOT TEMPLATES FILE [RUNS]
//
// Builds ROOT once as the preview does, then RUNS times changes FILE (a comment line at its end,
// so every build sees new contents) and rebuilds, and prints the median in milliseconds.
import Foundation
import SpecGenPreview

let arguments = CommandLine.arguments
guard arguments.count >= 5, arguments[1] == "rebuild" else {
    FileHandle.standardError.write(Data("usage: specgen-bench rebuild ROOT TEMPLATES FILE [RUNS]\n".utf8))
    exit(2)
}
let (root, templates, file) = (arguments[2], arguments[3], arguments[4])
let runs = arguments.count > 5 ? Int(arguments[5]) ?? 20 : 20
let path = root + "/" + file
guard let original = try? String(contentsOfFile: path, encoding: .utf8) else {
    FileHandle.standardError.write(Data("specgen-bench: cannot read \(path)\n".utf8))
    exit(1)
}
defer { try? original.write(toFile: path, atomically: true, encoding: .utf8) }
let preview = PreviewSite(root: root, templatesDirectory: templates)
preview.rebuild()
var times: [Double] = []
for run in 0..<runs {
    try original.appending("\n# edit \(run)\n").write(toFile: path, atomically: true, encoding: .utf8)
    let took = preview.rebuild()
    times.append(Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000)
}
times.sort()
print(String(format: "%.1f", times[times.count / 2]))
