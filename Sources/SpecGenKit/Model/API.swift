/// One API of the spec (client-server, server-server, ...), from the YAML files in its folder.
package struct API: Sendable {
    /// The folder name: `client-server`.
    package var name: String
    package var title: String
    package var documents: [APIDocument]
    /// `definitions/security.yaml`, as written.
    package var securitySchemes: YAMLNode?

    package var operationCount: Int { documents.reduce(0) { $0 + $1.operations.count } }
}

/// One YAML file of endpoints.
package struct APIDocument: Sendable {
    /// The root-relative path: `api/client-server/login.yaml`.
    package var path: String
    /// The file name without its extension: `login`, what `{{% http-api api="login" %}}` names.
    package var name: String
    package var title: String
    /// The tags the document's `info`, or its first operation, gives it: the group it is listed under.
    package var tags: [String]
    package var basePath: String
    package var operations: [Operation]
    /// The document with its `$ref`s resolved, for the API's published OpenAPI document.
    package var source: YAMLNode?
}

/// A method on a path.
package struct Operation: Sendable, Equatable {
    package var method: String
    /// The path as the source writes it, without the base path.
    package var path: String
    /// The base path and the path: `/_matrix/client/r0/account/3pid/unbind`.
    package var fullPath: String
    package var summary: SourceText?
    package var description: SourceText?
    package var operationID: String?
    package var deprecated: Bool
    package var requiresAuthentication: Authentication
    /// The security schemes it accepts, by name, in the order written (`accessTokenBearer`).
    package var securitySchemes: [String]
    package var rateLimited: Bool
    package var tags: [String]
    package var parameters: [Parameter]
    package var requestBody: Body?
    package var responses: [Response]
    package var versionNotes: VersionNotes
    package var file: String
    package var location: SourceLocation

    package enum Authentication: String, Sendable {
        case required, optional, none
    }

    /// `POST /_matrix/client/r0/account/3pid/unbind`.
    package var endpoint: String { "\(method) \(fullPath)" }
}

package struct Parameter: Sendable, Equatable {
    package enum Location: String, Sendable, CaseIterable {
        case header, path, query, cookie
    }

    package var name: String
    package var location: Location
    package var required: Bool
    package var description: SourceText?
    package var schema: Schema
    package var example: YAMLNode?
    package var deprecated: Bool
    package var versionNotes: VersionNotes
}

/// A request or response body.
package struct Body: Sendable, Equatable {
    package var description: SourceText?
    /// Media types, in the source's order (`application/json`, `image/png`, ...).
    package var contentTypes: [String]
    /// Whether the source names the media types, rather than specgen assuming JSON.
    package var contentTypesStated: Bool
    package var schema: Schema?
    package var examples: [Example]
    /// Each media type's own schema, where the source gives them one each (OpenAPI 3's
    /// `content`): a thumbnail's PNG and its animated form say different things.
    package var schemasByType: [String: Schema] = [:]
}

package struct Example: Sendable, Equatable {
    package var name: String?
    package var contentType: String?
    package var value: YAMLNode
}

package struct Response: Sendable, Equatable {
    /// `200`, `4XX`, `default`.
    package var status: String
    package var description: SourceText?
    package var headers: [Parameter]
    package var body: Body?
}

extension Operation {
    /// Every version that the notes of the operation, its parameters, bodies and their fields name
    /// (`1.1`, `1.7`): the releases whose changelogs may describe it.
    package var notedVersions: Set<String> {
        var versions = Set<String>()
        var seen = Set<ObjectIdentifier>()
        func add(_ notes: VersionNotes) {
            if let added = notes.addedIn { versions.insert(added) }
            for change in notes.changedIn { versions.insert(change.version) }
        }
        func walk(_ schema: Schema?, depth: Int) {
            guard let schema, depth < 12, seen.insert(ObjectIdentifier(schema)).inserted else { return }
            add(schema.versionNotes)
            for property in schema.properties + schema.patternProperties { walk(property.schema, depth: depth + 1) }
            for child in [schema.items, schema.additionalProperties] + schema.oneOf + schema.anyOf + schema.prefixItems
            {
                walk(child, depth: depth + 1)
            }
        }
        add(versionNotes)
        for parameter in parameters + responses.flatMap(\.headers) {
            add(parameter.versionNotes)
            walk(parameter.schema, depth: 0)
        }
        for body in [requestBody] + responses.map(\.body) {
            walk(body?.schema, depth: 0)
            for schema in body?.schemasByType.values.map({ $0 }) ?? [] { walk(schema, depth: 0) }
        }
        return versions
    }
}
