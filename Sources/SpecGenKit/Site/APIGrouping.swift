/// The groups an API's endpoints are listed under: the tag the spec gives each endpoint, else
/// its file's title, with names cleaned one way everywhere.
enum APIGrouping {
    /// Groups in alphabetical order, endpoints in the spec's order within each.
    static func groups(of api: API) -> [(title: String, operations: [Operation])] {
        var order: [String] = []
        var titles: [String: String] = [:]
        var members: [String: [Operation]] = [:]
        for document in api.documents {
            for operation in document.operations {
                let title = clean(operation.tags.first ?? document.title, api: api)
                let key = title.lowercased()
                if members[key] == nil {
                    order.append(key)
                    titles[key] = title
                }
                members[key, default: []].append(operation)
            }
        }
        return order.sorted().map { (titles[$0]!, members[$0]!) }
    }

    /// "Matrix Client-Server Account Administrative Contact API" reads "Account administrative
    /// contact"; "filter" reads "Filter".
    static func clean(_ title: String, api: API) -> String {
        var text = Substring(title.trimming(" "))
        let apiName = api.title.hasSuffix(" API") ? String(api.title.dropLast(4)) : api.title
        for prefix in ["Matrix ", apiName + " ", "Matrix " + apiName + " "] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
        }
        if text.hasPrefix(apiName + " ") { text = text.dropFirst(apiName.count + 1) }
        if text.hasSuffix(" API") { text = text.dropLast(4) }
        let cleaned = text.trimming(" ")
        guard let first = cleaned.first else { return apiName }
        return first.uppercased() + cleaned.dropFirst()
    }
}
