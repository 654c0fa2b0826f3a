/// One API of the spec (client-server, server-server, ...), from the YAML files in its folder.
public struct API: Sendable {
    /// The folder name: `client-server`.
    public var name: String
    public var title: String
    public var documents: [APIDocument]

    public var operationCount: Int { documents.reduce(0) { $0 + $1.operations.count } }
}

/// One YAML file of endpoints.
public struct APIDocument: Sendable {
    /// The root-relative path: `api/client-server/login.yaml`.
    public var path: String
    /// The file name without its extension: `login`, what `{{% http-api api="login" %}}` names.
    public var name: String
    public var title: String
    /// The tags the document's `info`, or its first operation, gives it: the group it is listed under.
    public var tags: [String]
    public var basePath: String
    public var operations: [Operation]
}

/// A method on a path.
public struct Operation: Sendable {
    public var method: String
    /// The path as the source writes it, without the base path.
    public var path: String
    /// The base path and the path: `/_matrix/client/r0/account/3pid/unbind`.
    public var fullPath: String
    public var summary: SourceText?
    public var description: SourceText?
    public var operationID: String?
    public var deprecated: Bool
    public var requiresAuthentication: Authentication
    public var rateLimited: Bool
    public var tags: [String]
    public var parameters: [Parameter]
    public var requestBody: Body?
    public var responses: [Response]
    public var versionNotes: VersionNotes
    public var file: String
    public var location: SourceLocation

    public enum Authentication: String, Sendable {
        case required, optional, none
    }

    /// `POST /_matrix/client/r0/account/3pid/unbind`.
    public var endpoint: String { "\(method) \(fullPath)" }
}

public struct Parameter: Sendable {
    public enum Location: String, Sendable, CaseIterable {
        case header, path, query, cookie
    }

    public var name: String
    public var location: Location
    public var required: Bool
    public var description: SourceText?
    public var schema: Schema
    public var example: YAMLNode?
    public var deprecated: Bool
    public var versionNotes: VersionNotes
}

/// A request or response body.
public struct Body: Sendable {
    public var description: SourceText?
    /// Media types, in the source's order (`application/json`, `image/png`, ...).
    public var contentTypes: [String]
    /// Whether the source names the media types, rather than specgen assuming JSON.
    public var contentTypesStated: Bool
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
    public var description: SourceText?
    public var headers: [Parameter]
    public var body: Body?
}
