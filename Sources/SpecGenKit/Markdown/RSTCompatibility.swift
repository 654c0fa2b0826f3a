/// Turns the reStructuredText that matrix-doc's 2019 descriptions mix into their Markdown into
/// Markdown that cmark reads.
///
/// - `` `text <https://url>`_ `` becomes a link; a target elsewhere in the old spec (`#pdus`,
///   `../appendices.html`) leaves just the text, since that page is not part of this site;
/// - `` `label`_ `` becomes a link when a `.. _label: https://…` line defines it, else plain text;
/// - `.. _label: …` targets, `.. |name| replace:: …` substitutions and `..` comments are removed,
///   and `|name|` is replaced by its substitution;
/// - `.. Note::` and similar admonitions become a bold label;
/// - `.. csv-table::` becomes a GFM pipe table;
/// - `|/sync|_`, a substitution reference that the spec's prose defines, becomes a link that the
///   site resolves (``RSTCompatibility/substitutionScheme``): to the endpoint a path names, else
///   to what the prose defines; its text is the prose's substitution text (`|encrypted_files|_`
///   reads "End-to-end encryption"), and a plain `|name|` the prose defines is replaced by it;
/// - a backslash before a letter or a digit is RST's escape, and before a space after a word its
///   joiner: `` ``username``\s `` and `` ``username``\ s `` are "usernames";
/// - `` `text`__ `` with a later `__ https://…` line (an anonymous hyperlink) becomes a link.
enum RSTCompatibility {
    /// The scheme of the links that substitution references become: `specgen-rst:/sync`.
    static let substitutionScheme = "specgen-rst:"

    /// Whether a text has anything to convert; cheap, so most descriptions skip the rest.
    static func needsConversion(_ text: String, prose: [String: String] = [:]) -> Bool {
        text.containsBytes("`_") || text.containsBytes("|_") || hasDirectiveLine(text)
            || (!prose.isEmpty && text.containsBytes("|")) || hasEscape(text)
    }

    /// Whether a backslash comes before a letter, a digit or a space: an escape only RST has.
    private static func hasEscape(_ text: String) -> Bool {
        var afterBackslash = false
        for byte in text.utf8 {
            if afterBackslash, isEscapedByRSTOnly(byte) { return true }
            afterBackslash = byte == UInt8(ascii: "\\") && !afterBackslash
        }
        return false
    }

    private static func isEscapedByRSTOnly(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// Whether a line starts (after spaces) with `.. `: one pass over the bytes.
    private static func hasDirectiveLine(_ text: String) -> Bool {
        var atLineStart = true
        var dots = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                atLineStart = true
                dots = 0
            case UInt8(ascii: " ") where atLineStart && dots == 0:
                continue
            case UInt8(ascii: ".") where atLineStart && dots < 2:
                dots += 1
            case UInt8(ascii: " ") where atLineStart && dots == 2:
                return true
            default:
                atLineStart = false
            }
        }
        return false
    }

    /// What follows `.. ` on a directive line.
    private enum Directive {
        /// `_label: url` or ``_`label`: url``
        case target(label: String, url: String)
        /// `|name| replace:: text`
        case substitution(name: String, text: String)
        /// `Note:: text`
        case admonition(label: String, text: String)
        case other
    }

    private static func directive(_ body: Substring) -> Directive {
        if body.hasPrefix("_") {
            var rest = body.dropFirst()
            let quoted = rest.hasPrefix("`")
            if quoted { rest = rest.dropFirst() }
            let label = rest.prefix { $0 != "`" && $0 != ":" }
            rest = rest.dropFirst(label.count)
            if quoted, rest.hasPrefix("`") { rest = rest.dropFirst() }
            guard !label.isEmpty, rest.hasPrefix(":") else { return .other }
            return .target(label: String(label), url: rest.dropFirst().trimming(" "))
        }
        if body.hasPrefix("|"), let close = body.dropFirst().firstIndex(of: "|") {
            let name = body[body.index(after: body.startIndex)..<close]
            let rest = body[body.index(after: close)...].drop { $0 == " " }
            guard !name.isEmpty, rest.hasPrefix("replace::") else { return .other }
            return .substitution(name: String(name), text: rest.dropFirst("replace::".count).trimming(" "))
        }
        let word = body.prefix { $0.isASCII && $0.isLetter }
        if !word.isEmpty, body.dropFirst(word.count).hasPrefix("::") {
            return .admonition(label: String(word), text: body.dropFirst(word.count + 2).trimming(" "))
        }
        return .other
    }

    /// - Parameter prose: the substitutions the spec's prose defines, by name, as Markdown.
    static func markdown(from text: String, prose: [String: String] = [:]) -> String {
        guard needsConversion(text, prose: prose) else { return text }
        var links: [String: String] = [:]
        var substitutions: [String: String] = [:]
        var kept: [Substring] = []
        var skippingIndentedBody = false
        var table: (indent: Int, body: [Substring])?
        var anonymousTargets: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if let open = table {
                if trimmed.isEmpty || indent > open.indent {
                    table!.body.append(line)
                    continue
                }
                kept.append(Substring(csvTable(open.body)))
                table = nil
            }
            if skippingIndentedBody {
                if trimmed.isEmpty || indent > 0 && line.first == " " || line.first == "\t" { continue }
                skippingIndentedBody = false
            }
            if trimmed.hasPrefix("__ ") {
                anonymousTargets.append(trimmed.dropFirst(3).trimming(" "))
                continue
            }
            guard trimmed.hasPrefix(".. ") else {
                kept.append(line)
                continue
            }
            let body = trimmed.dropFirst(3)
            if body.hasPrefix("csv-table::") {
                table = (indent, [])
                continue
            }
            switch Self.directive(body) {
            case .target(let label, let url):
                links[label.lowercased()] = url
            case .substitution(let name, let text):
                substitutions[name] = text
            case .admonition(let word, let text):
                let label = word.prefix(1).uppercased() + word.dropFirst().lowercased()
                kept.append(Substring("**\(label):** " + text))
                continue
            case .other:
                skippingIndentedBody = true  // a comment, with any indented lines after it
            }
        }
        if let open = table { kept.append(Substring(csvTable(open.body))) }
        var result = kept.joined(separator: "\n")
        for (name, replacement) in substitutions {
            result = result.replacingOccurrences(of: "|\(name)|_", with: replacement)
            result = result.replacingOccurrences(of: "|\(name)|", with: replacement)
        }
        result = replacingSubstitutionReferences(in: result, prose: prose)
        result = replacingReferences(in: result, links: links, anonymous: anonymousTargets)
        return hasEscape(result) ? droppingEscapes(in: result) : result
    }

    /// `|name|_` becomes `[text](specgen-rst:name)`, its text the prose's (else the name, a path
    /// shown as code); `|name|` the prose defines becomes its text.
    private static func replacingSubstitutionReferences(in text: String, prose: [String: String]) -> String {
        guard text.containsBytes("|_") || (!prose.isEmpty && text.containsBytes("|")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let bar = rest.firstIndex(of: "|") {
            out += rest[..<bar]
            let after = rest[rest.index(after: bar)...]
            guard let close = after.firstIndex(of: "|"), !after[..<close].isEmpty, !after[..<close].contains("\n"),
                after.first != " ", after[after.index(before: close)] != " "
            else {
                out += "|"
                rest = after
                continue
            }
            let name = after[..<close]
            guard after[after.index(after: close)...].hasPrefix("_") else {
                // A plain `|name|`: the prose's text, or left as written.
                if let text = prose[String(name)] {
                    out += text
                    rest = after[after.index(after: close)...]
                } else {
                    out += "|"
                    rest = after
                }
                continue
            }
            var end = after.index(close, offsetBy: 2)
            if end < after.endIndex, after[end] == "_" { end = after.index(after: end) }
            let label = prose[String(name)] ?? (name.hasPrefix("/") ? "`" + name + "`" : String(name))
            out += "[" + label + "](<" + substitutionScheme + name + ">)"
            rest = after[end...]
        }
        return out + rest
    }

    /// Parses the body of `.. csv-table::` (option lines such as `:header-rows: 1`, then quoted CSV
    /// rows) into a pipe table.
    static func csvTable(_ body: [Substring]) -> String {
        var headerRows = 0
        var rows: [[String]] = []
        for line in body {
            let trimmed = line.trimming(" ")
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix(":") {
                if trimmed.hasPrefix(":header-rows:") { headerRows = Int(trimmed.dropFirst(13).trimming(" ")) ?? 0 }
                continue
            }
            rows.append(csvRow(trimmed))
        }
        guard let width = rows.map(\.count).max(), width > 0 else { return "" }
        func line(_ cells: [String]) -> String {
            let padded = cells + Array(repeating: "", count: width - cells.count)
            return "| " + padded.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        // A pipe table has one header row: without one, an empty header; with more, the rest are rows.
        let header = headerRows > 0 ? rows[0] : Array(repeating: "", count: width)
        let body = headerRows > 0 ? Array(rows.dropFirst()) : rows
        return ([line(header), "|" + Array(repeating: " --- |", count: width).joined()] + body.map(line)).joined(
            separator: "\n")
    }

    private static func csvRow(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            switch character {
            case "\"" where quoted && characters.first == "\"":
                current.append("\"")
                characters = characters.dropFirst()
            case "\"":
                quoted.toggle()
            case "," where !quoted:
                cells.append(current.trimming(" "))
                current = ""
            default:
                current.append(character)
            }
        }
        cells.append(current.trimming(" "))
        return cells
    }

    /// Replaces `` `text <url>`_ `` and `` `label`_ `` (not ``` ``code`` ```), scanning once.
    private static func replacingReferences(in text: String, links: [String: String], anonymous: [String]) -> String {
        guard text.containsBytes("`_") else { return text }
        var anonymous = anonymous[...]
        let characters = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let isSingleOpening =
                character == "`" && (index == 0 || characters[index - 1] != "`")
                && index + 1 < characters.count && characters[index + 1] != "`"
            guard isSingleOpening, let close = characters[(index + 1)...].firstIndex(of: "`"),
                close + 1 < characters.count, characters[close + 1] == "_"
            else {
                out.append(character)
                index += 1
                continue
            }
            var end = close + 2
            if end < characters.count && characters[end] == "_" { end += 1 }
            if end < characters.count
                && (characters[end].isLetter || characters[end].isNumber || characters[end] == "_")
            {
                out.append(character)
                index += 1
                continue
            }
            let inner = String(characters[(index + 1)..<close])
            let isAnonymous = end == close + 3
            if inner.hasSuffix(">"), let open = inner.lastIndex(of: "<") {
                let label = inner[..<open].trimming(" ")
                out += link(
                    text: label, url: String(inner[inner.index(after: open)..<inner.index(before: inner.endIndex)]))
            } else if isAnonymous, let url = anonymous.popFirst() {
                out += link(text: inner, url: url)
            } else {
                out += links[inner.lowercased()].map { link(text: inner, url: $0) } ?? inner
            }
            index = end
        }
        return out
    }

    /// RST's escapes outside code: `\s` is "s", and `\ ` after a word is nothing. A code span
    /// opens with a run of backticks and closes with a run as long.
    private static func droppingEscapes(in text: String) -> String {
        let characters = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var codeFence = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "`" {
                var run = 1
                while index + run < characters.count, characters[index + run] == "`" { run += 1 }
                if codeFence == 0 {
                    codeFence = run
                } else if run == codeFence {
                    codeFence = 0
                }
                out += String(repeating: "`", count: run)
                index += run
                continue
            }
            if character == "\\", codeFence == 0, index + 1 < characters.count {
                let next = characters[index + 1]
                // `\ ` joins what is around it (``` ``x``\ s ```); after a space it is left as written.
                let joinsWords = next == " " && index > 0 && !characters[index - 1].isWhitespace
                if let byte = next.asciiValue, isEscapedByRSTOnly(byte), next != " " || joinsWords {
                    if next != " " { out.append(next) }
                } else {
                    out.append(character)
                    out.append(next)
                }
                index += 2
                continue
            }
            out.append(character)
            index += 1
        }
        return out
    }

    private static func link(text: String, url: String) -> String {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return text }
        return "[\(text)](\(url))"
    }
}
