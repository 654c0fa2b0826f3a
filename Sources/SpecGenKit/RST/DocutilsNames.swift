/// How docutils names things: the ids it gives sections and targets, and the normalised names
/// that references match (`docutils.nodes.make_id`, `fully_normalize_name`).
enum DocutilsNames {
    /// `Client Authentication` → `client-authentication`; `GET /_matrix/client/versions` →
    /// `get-matrix-client-versions`. Letters and digits kept (accents dropped), every other run
    /// of ASCII characters one `-`, and no digits or `-` at the start, no `-` at the end.
    static func id(_ text: String) -> String {
        var id = ""
        var pendingHyphen = false
        for scalar in text.lowercased().decomposedStringWithCompatibilityMapping.unicodeScalars {
            let isWordCharacter = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
            if isWordCharacter {
                if pendingHyphen, !id.isEmpty { id.append("-") }
                pendingHyphen = false
                id.unicodeScalars.append(scalar)
            } else if scalar.isASCII {
                // Other characters are dropped, as docutils' NFKD + ASCII encoding drops them.
                pendingHyphen = true
            }
        }
        return String(id.drop { $0.isNumber || $0 == "-" })
    }

    /// What a reference name matches by: lowercased, runs of white space one space.
    static func normalized(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}
