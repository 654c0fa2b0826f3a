import Foundation

extension String {
    /// Percent-decoded when the string holds valid escapes; unchanged otherwise.
    var removingPercentEncodingIfPossible: String {
        guard containsByte(UInt8(ascii: "%")) else { return self }
        return removingPercentEncoding ?? self
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

extension StaticString {
    /// The string's UTF-8 bytes, for the byte searches below.
    var utf8Bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount) }
}

/// Where `needle` first occurs in `haystack`, as an offset. libc's `memchr` finds each candidate
/// by the needle's rarest-looking byte (the first that is neither a space nor a lowercase letter,
/// so `" /"` is looked for by its slash), and the rest is compared in place.
func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !needle.isEmpty else { return 0 }
    guard let base = haystack.baseAddress, haystack.count >= needle.count else { return nil }
    var pivot = 0
    while pivot < needle.count, needle[pivot] == 0x20 || (needle[pivot] >= 0x61 && needle[pivot] <= 0x7A) { pivot += 1 }
    if pivot == needle.count { pivot = 0 }
    // The pivot byte of a match starting at `s` is at `s + pivot`, for `s` up to `lastStart`.
    let lastPivot = haystack.count - needle.count + pivot
    var offset = pivot
    while offset <= lastPivot {
        guard let found = memchr(base + offset, Int32(needle[pivot]), lastPivot - offset + 1) else { return nil }
        let start = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base - pivot
        var matched = 0
        while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
        if matched == needle.count { return start }
        offset = start + pivot + 1
    }
    return nil
}

extension String {
    /// Whether the UTF-8 bytes contain `needle`'s; a byte search, without Foundation's Unicode rules.
    func containsBytes(_ needle: StaticString) -> Bool {
        // A native string's bytes are read in place; others are made contiguous first.
        if let found = utf8.withContiguousStorageIfAvailable({ firstOffset(of: needle.utf8Bytes, in: $0) != nil }) {
            return found
        }
        var text = self
        return text.withUTF8 { firstOffset(of: needle.utf8Bytes, in: $0) != nil }
    }
}

extension Array where Element == UInt8 {
    /// Where `byte` first occurs at or after `start`, found with `memchr`.
    func offset(of byte: UInt8, from start: Int) -> Int? {
        guard start < count else { return nil }
        return withUnsafeBufferPointer { buffer in
            memchr(buffer.baseAddress! + start, Int32(byte), count - start).map {
                UnsafeRawPointer($0) - UnsafeRawPointer(buffer.baseAddress!)
            }
        }
    }

    /// Where each line starts, as byte offsets, the first at 0: found with `memchr`, as it runs
    /// on every text read.
    var lineStartOffsets: [Int] {
        var starts = [0]
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                offset = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
                starts.append(offset)
            }
        }
        return starts
    }

    /// Where `needle` first occurs at or after `start`; a byte search (Foundation's
    /// `firstRange(of:)` on bytes is generic, and hundreds of times slower).
    func firstRangeOfBytes(_ needle: [UInt8], from start: Int = 0) -> Range<Int>? {
        guard start <= count else { return nil }
        return withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                firstOffset(of: needle, in: UnsafeBufferPointer(rebasing: haystack[start...])).map {
                    start + $0..<start + $0 + needle.count
                }
            }
        }
    }
}

extension String {
    /// Where `needle`'s UTF-8 bytes last occur, found byte by byte. For an ASCII needle that is
    /// the range Foundation's backward search finds, without its Unicode machinery.
    func lastRangeOfBytes(_ needle: StaticString) -> Range<String.Index>? {
        let length = needle.utf8CodeUnitCount
        var text = self
        let offset: Int? = text.withUTF8 { haystack in
            guard length > 0, let base = haystack.baseAddress, haystack.count >= length else { return nil }
            var start = haystack.count - length
            while start >= 0 {
                if base[start] == needle.utf8Start[0], memcmp(base + start, needle.utf8Start, length) == 0 {
                    return start
                }
                start -= 1
            }
            return nil
        }
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: length)
    }
}

extension String {
    /// Where `needle`'s UTF-8 bytes first occur: Foundation's `range(of:)` for an ASCII needle,
    /// without its Unicode machinery.
    func firstRangeOfBytes(_ needle: StaticString) -> Range<String.Index>? {
        var text = self
        let offset = text.withUTF8 { haystack in
            firstOffset(of: needle.utf8Bytes, in: haystack)
        }
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8CodeUnitCount)
    }

    /// The pieces between the occurrences of `separator`'s UTF-8 bytes, empty ones kept:
    /// `split(separator:omittingEmptySubsequences: false)` for an ASCII separator, as a byte search.
    func splittingBytes(_ separator: StaticString) -> [Substring] {
        precondition(separator.utf8CodeUnitCount > 0, "a separator has bytes")
        let pattern = separator.utf8Bytes
        var text = self
        let offsets: [Int] = text.withUTF8 { haystack in
            var offsets: [Int] = []
            var start = 0
            while let found = firstOffset(of: pattern, in: UnsafeBufferPointer(rebasing: haystack[start...])) {
                offsets.append(start + found)
                start += found + pattern.count
            }
            return offsets
        }
        var pieces: [Substring] = []
        pieces.reserveCapacity(offsets.count + 1)
        var lower = utf8.startIndex
        for offset in offsets {
            let separatorStart = utf8.index(utf8.startIndex, offsetBy: offset)
            pieces.append(self[lower..<separatorStart])
            lower = utf8.index(separatorStart, offsetBy: pattern.count)
        }
        pieces.append(self[lower...])
        return pieces
    }

    /// Every occurrence of `needle`'s UTF-8 bytes replaced by `replacement`'s: Foundation's
    /// `replacingOccurrences(of:with:)` for an ASCII needle, without its Unicode machinery.
    func replacingBytes(_ needle: String, with replacement: String) -> String {
        var text = self
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard !pattern.isEmpty, var found = firstOffset(of: pattern, in: haystack) else { return self }
                var out: [UInt8] = []
                out.reserveCapacity(haystack.count + replacement.utf8.count)
                var start = 0
                while true {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: haystack[start..<found]))
                    out.append(contentsOf: replacement.utf8)
                    start = found + pattern.count
                    guard
                        let next = firstOffset(
                            of: pattern, in: UnsafeBufferPointer(rebasing: haystack[start...]))
                    else { break }
                    found = start + next
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: haystack[start...]))
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// The bytes as a string when they are valid UTF-8; `nil` otherwise.
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self = text
    }
}

extension StringProtocol {
    /// Whether the UTF-8 holds the byte: a fast test for an ASCII character.
    func containsByte(_ byte: UInt8) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(byte), bytes.count) != nil } ?? false
        }
        return found ?? utf8.contains(byte)
    }
}

extension String {
    /// Whether the UTF-8 holds `needle`'s, ignoring ASCII case: one pass over the bytes.
    func containsBytesIgnoringCase(_ needle: StaticString) -> Bool {
        var text = self
        let pattern = needle.utf8Bytes
        return text.withUTF8 { haystack in
            guard let first = pattern.first, haystack.count >= pattern.count else { return false }
            let last = haystack.count - pattern.count
            var index = 0
            while index <= last {
                if haystack[index] | 0x20 == first | 0x20 {
                    var offset = 1
                    while offset < pattern.count, haystack[index + offset] | 0x20 == pattern[offset] | 0x20 {
                        offset += 1
                    }
                    if offset == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}
