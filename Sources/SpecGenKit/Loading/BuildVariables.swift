/// `%NAME%` variables filled into base paths and descriptions (`%CLIENT_MAJOR_VERSION%` is `r0` by default).
package struct BuildVariables: Sendable, Hashable {
    package var values: [String: String]

    package static let defaults = ["CLIENT_MAJOR_VERSION": "r0"]

    package init(_ values: [String: String] = BuildVariables.defaults) {
        self.values = values
    }

    package func substitute(_ text: String) -> String {
        guard text.containsBytes("%") else { return text }
        var result = text
        for (name, value) in values {
            result = result.replacingBytes("%" + name + "%", with: value)
        }
        return result
    }
}
