/// Hugo's own `{{< relref path="changelog/v1.1" outputFormat="Checklist" >}}` (and `ref`): the
/// URL of a page, or of one of its other formats. matrix-spec v1.13's release pages link their
/// checklists with it. The URL is site-absolute, so that links resolve it like any other.
enum RefShortcode: Shortcode {
    static let name = "relref"
    static let otherNames = ["ref"]
    static let placement = ShortcodePlacement.value
    static let signatures = [
        ShortcodeSignature([
            .optional("0", .page), .optional("path", .page), .optional("outputFormat", .text), .optional("lang", .text),
        ])
    ]

    static func value(of parameters: [String: String], formats: [String: OutputFormat]) -> String? {
        guard var path = parameters["path"] ?? parameters["0"] else { return nil }
        path = path.trimming("/")
        if path.hasSuffix(".md") { path.removeLast(3) }
        if path.hasSuffix("/_index") { path.removeLast(7) } else if path == "_index" { path = "" }
        let page = "/" + path + (path.isEmpty ? "" : "/")
        guard let name = parameters["outputFormat"]?.lowercased(), name != "html" else { return page }
        // A format the config does not define is Hugo's error too; the link then names a file
        // that is not there, which the link check reports.
        let format = formats[name] ?? OutputFormat(name: name, baseName: name, suffix: "md")
        return SitePaths.output(ofPageURL: page, format: format)
    }
}
