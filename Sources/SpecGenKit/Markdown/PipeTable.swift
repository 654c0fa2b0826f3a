/// GitHub-flavoured pipe tables, recognised in the lines of a paragraph that cmark has parsed.
///
/// cmark's paragraph ends where GFM's table ends (a blank line, or a block that interrupts a
/// paragraph), so a table is found by looking for a delimiter row among the paragraph's source
/// lines: the line before it is the header, the lines after it are rows, and any lines before
/// the header stay a paragraph. Cells are split on unescaped pipes before any inline parsing.
enum PipeTable {
    /// The cells of a row: split on `|` not escaped by `\`, outer pipes dropped, cells trimmed;
    /// `\|` becomes `|` inside a cell, code spans included.
    static func cells(_ line: Substring) -> [String] {
        let trimmed = line.trimming(" ")
        var cells: [String] = []
        var current = ""
        var iterator = trimmed.makeIterator()
        var sawPipe = false
        while let character = iterator.next() {
            if character == "\\" {
                guard let next = iterator.next() else {
                    current.append(character)
                    break
                }
                if next == "|" {
                    current.append("|")
                } else {
                    current.append(character)
                    current.append(next)
                }
            } else if character == "|" {
                sawPipe = true
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        if sawPipe {
            if trimmed.first == "|" { cells.removeFirst() }
            if trimmed.last == "|" && !trimmed.hasSuffix("\\|") && !cells.isEmpty { cells.removeLast() }
        }
        return cells.map { $0.trimming(" ").trimming("\t") }
    }

    /// Whether a line is a delimiter row (`| --- | :-: |`); its alignments if so.
    static func delimiter(_ line: Substring) -> [MarkdownTable.Alignment?]? {
        let trimmed = line.trimming(" ")
        guard trimmed.containsByte(UInt8(ascii: "-")) else { return nil }
        guard trimmed.allSatisfy({ $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " || $0 == "\t" }) else { return nil }
        var alignments: [MarkdownTable.Alignment?] = []
        for cell in cells(line) {
            let body = cell.trimming(" ")
            guard !body.isEmpty else { return nil }
            let left = body.hasPrefix(":"), right = body.hasSuffix(":")
            let dashes = body.drop { $0 == ":" }.reversed().drop { $0 == ":" }
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : nil)
        }
        return alignments
    }

    /// Where the table starts in a paragraph's lines: the header's index, and the alignments.
    static func find(in lines: [Substring]) -> (header: Int, alignments: [MarkdownTable.Alignment?])? {
        guard lines.count >= 2 else { return nil }
        for index in 1..<lines.count {
            guard let alignments = delimiter(lines[index]) else { continue }
            let header = lines[index - 1]
            guard header.containsByte(UInt8(ascii: "|")) || lines[index].containsByte(UInt8(ascii: "|")) else {
                continue
            }
            if cells(header).count == alignments.count { return (index - 1, alignments) }
        }
        return nil
    }
}
