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
        // Bytes, not characters: it runs on every line of every table, and GFM splits on bytes.
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), pipe = UInt8(ascii: "|")
        let backslash = UInt8(ascii: "\\")
        let bytes = Array(line.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == space { start += 1 }
        while end > start, bytes[end - 1] == space { end -= 1 }
        var cells: [[UInt8]] = []
        var current: [UInt8] = []
        var sawPipe = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == backslash, index + 1 < end {
                if bytes[index + 1] != pipe { current.append(byte) }
                current.append(bytes[index + 1])
                index += 2
                continue
            }
            if byte == pipe {
                sawPipe = true
                cells.append(current)
                current = []
            } else {
                current.append(byte)
            }
            index += 1
        }
        cells.append(current)
        if sawPipe {
            if bytes[start] == pipe { cells.removeFirst() }
            let escapedLast = end - start >= 2 && bytes[end - 2] == backslash
            if bytes[end - 1] == pipe && !escapedLast && !cells.isEmpty { cells.removeLast() }
        }
        return cells.map { cell in
            var slice = cell[...]
            while slice.first == space { slice = slice.dropFirst() }
            while slice.last == space { slice = slice.dropLast() }
            while slice.first == tab { slice = slice.dropFirst() }
            while slice.last == tab { slice = slice.dropLast() }
            return String(decoding: slice, as: UTF8.self)
        }
    }

    /// Whether a line is a delimiter row (`| --- | :-: |`); its alignments if so.
    static func delimiter(_ line: Substring) -> [MarkdownTable.Alignment?]? {
        guard line.containsByte(UInt8(ascii: "-")),
            line.utf8.allSatisfy({ $0 == 0x7C || $0 == 0x2D || $0 == 0x3A || $0 == 0x20 || $0 == 0x09 })
        else { return nil }
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
