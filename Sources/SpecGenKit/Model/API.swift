/// One API of the spec (client-server, server-server, ...), from the YAML files in its folder.
public struct API: Sendable {
    /// The folder name, which is also the page's folder in the site: `client-server`.
    public var name: String
    public var title: String
    public var documents: [APIDocument]

    public var operationCount: Int { documents.reduce(0) { $0 + $1.operations.count } }
}

/// One YAML file of endpoints.
public struct APIDocument: Sendable {
    public var file: FileID
    public var path: String
    public var title: String
    public var basePath: String
    public var operations: [Operation]
    /// The stamps of the files it was read from, when a ``BuildCache`` tracks them; empty otherwise.
    public var revision = ""
}

public struct Operation: Sendable {
    public var method: String
    /// The path as the source writes it, without the base path.
    public var path: String
    /// The base path and the path: `/_matrix/client/r0/account/3pid/unbind`.
    public var fullPath: String
    public var summary: String?
    public var description: String?
    public var operationID: String?
    public var deprecated: Bool
    public var requiresAuthentication: Bool
    public var rateLimited: Bool
    public var tags: [String]
    public var parameters: [Parameter]
    public var requestBody: Body?
    public var responses: [Response]
    public var versionNotes: VersionNotes
    public var file: FileID
    public var location: SourceLocation
}

public struct Parameter: Sendable {
    public enum Location: String, Sendable, CaseIterable {
        case path, query, header, cookie
    }

    public var name: String
    public var location: Location
    public var required: Bool
    public var description: String?
    public var schema: Schema
    public var example: YAMLNode?
    public var deprecated: Bool
    public var versionNotes: VersionNotes
}

/// A request or response body.
public struct Body: Sendable {
    public var description: String?
    /// Media types, in the source's order (`application/json`, `image/png`, ...).
    public var contentTypes: [String]
    public var schema: Schema?
    public var examples: [Example]
}

public struct Example: Sendable {
    public var name: String?
    public var contentType: String?
    public var value: YAMLNode
}

public struct Response: Sendable {
    /// `200`, `4XX`, `default`.
    public var status: String
    public var description: String?
    public var headers: [Parameter]
    public var body: Body?
}
