/// Tables that CommonMark lacks: GFM pipe tables (matrix-spec) and RST `csv-table`s (matrix-doc).
///
/// Both become a fenced block with the info string `specgen-table N` (N header rows) holding one
/// row per line and tab-separated cells; ``MarkdownRenderer`` writes it as an HTML table.
enum TableSyntax {
    static let infoPrefix = "specgen-table"

    static func fence(_ rows: [[String]], headerRows: Int) -> String {
        let body = rows.map { row in
            row.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
                .joined(separator: "\t")
        }
        return (["~~~~ \(infoPrefix) \(headerRows)"] + body + ["~~~~"]).joined(separator: "\n")
    }

    /// Reads a fenced table back into rows.
    static func rows(_ literal: String) -> [[String]] {
        literal.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    // MARK: GFM pipe tables

    static func convertPipeTables(_ text: String) -> String {
        guard text.containsBytes("|"), text.containsBytes("-|") || text.containsBytes("|-") || text.containsBytes("|:") else {
            return text
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var index = 0
        while index < lines.count {
            if index + 1 < lines.count, isPipeRow(lines[index]), isDelimiterRow(lines[index + 1]) {
                var rows = [cells(lines[index])]
                index += 2
                while index < lines.count, isPipeRow(lines[index]) {
                    rows.append(cells(lines[index]))
                    index += 1
                }
                let indent = String(lines[index - 1].prefix { $0 == " " })
                out.append(fence(rows, headerRows: 1).split(separator: "\n").map { indent + $0 }.joined(separator: "\n"))
                continue
            }
            out.append(String(lines[index]))
            index += 1
        }
        return out.joined(separator: "\n")
    }

    private static func isPipeRow(_ line: Substring) -> Bool {
        line.drop { $0 == " " }.hasPrefix("|")
    }

    private static func isDelimiterRow(_ line: Substring) -> Bool {
        let trimmed = line.trimming(" ")
        guard trimmed.contains("-"), trimmed.contains("|") else { return false }
        return trimmed.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " }
    }

    /// Splits on `|` outside code spans, dropping the outer pipes; `\|` is a literal pipe.
    private static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var inCode = false
        var previous: Character = " "
        for character in line.trimming(" ") {
            if character == "`" { inCode.toggle() }
            if character == "|" && !inCode && previous != "\\" {
                cells.append(current)
                current = ""
            } else if character == "|" && previous == "\\" {
                current.removeLast()
                current.append(character)
            } else {
                current.append(character)
            }
            previous = character
        }
        cells.append(current)
        if cells.first?.trimming(" ").isEmpty == true { cells.removeFirst() }
        if cells.last?.trimming(" ").isEmpty == true { cells.removeLast() }
        return cells.map { $0.trimming(" ") }
    }

    // MARK: RST csv-table

    /// Parses the body of `.. csv-table::`: option lines (`:header-rows: 1`), then quoted CSV rows.
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
        return fence(rows, headerRows: headerRows)
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
}
