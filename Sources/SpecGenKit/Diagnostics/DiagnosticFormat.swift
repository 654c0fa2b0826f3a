/// How diagnostics are written: for people, or for the tools CI runs them through.
package enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `path:line:col: error: message [id]`, as compilers write them.
    case text
    /// GitHub Actions workflow commands, which annotate the lines of a pull request.
    case github
    /// One JSON object a line (JSON Lines), in the schema of `schemas/diagnostic.schema.json`.
    case json
    /// One SARIF 2.1.0 log, for code scanning.
    case sarif

    /// Whether the diagnostics go to standard output, as data, rather than to standard error.
    package var isData: Bool { self != .text }

    /// The diagnostics written in this format.
    /// - Parameter pathPrefix: what to put before each path to make it relative to the repository
    ///   (`spec/` for a tree in a subfolder), for formats that tools resolve against it.
    package func write(_ diagnostics: [Diagnostic], pathPrefix: String = "") -> String {
        switch self {
        case .text: return diagnostics.map { $0.description + "\n" }.joined()
        case .github: return diagnostics.map { Self.workflowCommand($0, pathPrefix: pathPrefix) + "\n" }.joined()
        case .json: return diagnostics.map { Self.jsonLine($0, pathPrefix: pathPrefix) + "\n" }.joined()
        case .sarif: return Self.sarifLog(diagnostics, pathPrefix: pathPrefix)
        }
    }

    private static func path(_ diagnostic: Diagnostic, prefix: String) -> String? {
        diagnostic.file.isEmpty ? nil : prefix + diagnostic.file
    }

    // MARK: GitHub

    /// `::error file=a.yaml,line=3,col=5,title=yaml-syntax::message`.
    static func workflowCommand(_ diagnostic: Diagnostic, pathPrefix: String) -> String {
        var properties: [String] = []
        if let file = path(diagnostic, prefix: pathPrefix) {
            properties += [
                "file=" + escapeProperty(file), "line=\(diagnostic.location.line)", "col=\(diagnostic.location.column)",
            ]
        }
        properties.append("title=" + escapeProperty(diagnostic.id.name))
        let message = ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")
        return "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    /// What a workflow command's message may not hold unescaped.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// What a workflow command's property may not hold unescaped.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    // MARK: JSON

    /// `{"id":…,"severity":…,"file":…,"line":…,"column":…,"message":…,"notes":[…]}`; `file` is
    /// `null` for a problem of no file.
    static func jsonLine(_ diagnostic: Diagnostic, pathPrefix: String) -> String {
        let file = path(diagnostic, prefix: pathPrefix).map(JSONText.string) ?? "null"
        return
            "{\"id\":\(JSONText.string(diagnostic.id.name)),\"severity\":\(JSONText.string(diagnostic.severity.rawValue)),"
            + "\"file\":\(file),\"line\":\(diagnostic.location.line),\"column\":\(diagnostic.location.column),"
            + "\"message\":\(JSONText.string(diagnostic.message)),"
            + "\"notes\":[\(diagnostic.notes.map(JSONText.string).joined(separator: ","))]}"
    }

    // MARK: SARIF

    static func sarifLog(_ diagnostics: [Diagnostic], pathPrefix: String) -> String {
        let rules = DiagnosticID.all
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.name, $0) })
        let ruleObjects = rules.map { rule in
            "{\"id\":\(JSONText.string(rule.name)),\"shortDescription\":{\"text\":\(JSONText.string(rule.summary))},"
                + "\"defaultConfiguration\":{\"level\":\"\(rule.defaultSeverity.rawValue)\"}}"
        }
        let results = diagnostics.map { diagnostic in
            var result =
                "{\"ruleId\":\(JSONText.string(diagnostic.id.name)),\"ruleIndex\":\(index[diagnostic.id.name] ?? 0),"
                + "\"level\":\"\(diagnostic.severity.rawValue)\","
                + "\"message\":{\"text\":\(JSONText.string(([diagnostic.message] + diagnostic.notes).joined(separator: "\n")))}"
            if let file = path(diagnostic, prefix: pathPrefix) {
                result +=
                    ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\(JSONText.string(uri(file)))},"
                    + "\"region\":{\"startLine\":\(max(1, diagnostic.location.line)),\"startColumn\":\(max(1, diagnostic.location.column))}}}]"
            }
            return result + "}"
        }
        return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
            + "\"tool\":{\"driver\":{\"name\":\"specgen\",\"version\":\(JSONText.string(SpecGenVersion.current)),"
            + "\"informationUri\":\"https://github.com/matrix-org/matrix-spec\",\"rules\":[\(ruleObjects.joined(separator: ","))]}},"
            + "\"results\":[\(results.joined(separator: ","))]}]}\n"
    }

    /// A relative path as a URI reference: each segment percent-encoded where a URI may not hold it.
    static func uri(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            var out = ""
            for byte in segment.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                    UInt8(ascii: "~"):
                    out.append(Character(UnicodeScalar(byte)))
                default:
                    out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
                }
            }
            return out
        }.joined(separator: "/")
    }
}

/// JSON string literals, for writers that build JSON text directly.
package enum JSONText {
    package static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x2028...0x2029).contains(scalar.value):
                out += "\\u" + String(scalar.value, radix: 16).leftPadded(4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
