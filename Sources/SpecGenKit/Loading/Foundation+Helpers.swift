import Foundation

extension String {
    /// Percent-decoded when the string holds valid escapes; unchanged otherwise.
    var removingPercentEncodingIfPossible: String {
        guard contains("%") else { return self }
        return removingPercentEncoding ?? self
    }
}

extension SourceTree {
    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

enum FileManagerShim {
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}

extension StringProtocol {
    /// The text without `character` at either end.
    func trimming(_ character: Character) -> String {
        var slice = self[...]
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    /// Whether the UTF-8 bytes contain `needle`'s; a byte search, without Foundation's Unicode rules.
    func containsBytes(_ needle: StaticString) -> Bool {
        var text = self
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        return text.withUTF8 { haystack in
            guard let first = pattern.first, haystack.count >= pattern.count else { return false }
            var index = 0
            let last = haystack.count - pattern.count
            while index <= last {
                if haystack[index] == first {
                    var offset = 1
                    while offset < pattern.count && haystack[index + offset] == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}
