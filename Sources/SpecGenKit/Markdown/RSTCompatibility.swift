/// Turns the reStructuredText that matrix-doc's 2019 descriptions mix into their Markdown into
/// Markdown that cmark reads.
///
/// - `` `text <https://url>`_ `` becomes a link; a target elsewhere in the old spec (`#pdus`,
///   `../appendices.html`) leaves just the text, since that page is not part of this site;
/// - `` `label`_ `` becomes a link when a `.. _label: https://…` line defines it, else plain text;
/// - `.. _label: …` targets, `.. |name| replace:: …` substitutions and `..` comments are removed,
///   and `|name|` is replaced by its substitution;
/// - `.. Note::` and similar admonitions become a bold label.
enum RSTCompatibility {
    /// Whether a text has anything to convert; cheap, so most descriptions skip the rest.
    static func needsConversion(_ text: String) -> Bool {
        text.contains("`_") || text.hasPrefix(".. ") || text.contains("\n.. ") || text.contains("\n  .. ")
    }

    static func markdown(from text: String) -> String {
        guard needsConversion(text) else { return text }
        var targets: [String: String] = [:]
        var substitutions: [String: String] = [:]
        var kept: [Substring] = []
        var skippingIndentedBody = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if skippingIndentedBody {
                if line.first == " " || line.first == "\t" { continue }
                skippingIndentedBody = false
            }
            guard trimmed.hasPrefix(".. ") else {
                kept.append(line)
                continue
            }
            let body = trimmed.dropFirst(3)
            if let match = body.wholeMatch(of: /_`?([^`:]+)`?:\s*(.*)/) {
                targets[String(match.1).lowercased()] = String(match.2)
            } else if let match = body.wholeMatch(of: /\|([^|]+)\|\s+replace::\s*(.*)/) {
                substitutions[String(match.1)] = String(match.2)
            } else if let match = body.wholeMatch(of: /([A-Za-z]+)::\s*(.*)/) {
                let label = match.1.prefix(1).uppercased() + match.1.dropFirst().lowercased()
                kept.append("**\(label):** " + match.2)
                continue
            } else {
                skippingIndentedBody = true  // a comment, with any indented lines after it
            }
        }
        var result = kept.joined(separator: "\n")
        for (name, replacement) in substitutions {
            result = result.replacingOccurrences(of: "|\(name)|", with: replacement)
        }
        // The first group keeps the character before the backtick, which must not be another backtick.
        result = result.replacing(/(\A|[^`])`([^`<>]+?)\s*<([^>`]+)>`__?/) { match in
            match.1 + link(text: String(match.2), url: String(match.3))
        }
        result = result.replacing(/(\A|[^`])`([^`]+)`__?(?![\w])/) { match in
            let label = String(match.2)
            guard let target = targets[label.lowercased()] else { return match.1 + label }
            return match.1 + link(text: label, url: target)
        }
        return result
    }

    private static func link(text: String, url: String) -> String {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return text }
        return "[\(text)](\(url))"
    }
}
