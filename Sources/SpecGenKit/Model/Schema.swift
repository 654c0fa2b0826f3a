/// A JSON Schema, with `$ref`s resolved and `allOf` merged.
public final class Schema: Sendable {
    public struct Property: Sendable {
        public var name: String
        public var schema: Schema
    }

    public let title: String?
    public let description: SourceText?
    /// `["object"]`, `["string", "null"]`; empty when the schema gives no type.
    public let types: [String]
    public let format: String?
    public let enumValues: [YAMLNode]
    public let constValue: YAMLNode?
    public let defaultValue: YAMLNode?
    public let properties: [Property]
    public let required: Set<String>
    public let items: Schema?
    /// Schemas for the first items in order: a tuple (`prefixItems`, or Swagger's list-form `items`).
    public let prefixItems: [Schema]
    public let additionalProperties: Schema?
    /// `additionalProperties: false`: keys beyond `properties` and `patternProperties` are not allowed.
    public let forbidsAdditionalProperties: Bool
    /// `patternProperties`, keyed by pattern.
    public let patternProperties: [Property]
    /// Matrix's `x-pattern-format` (or matrix-doc's `x-pattern`), which a map's value schema carries
    /// to say what the map's keys are: `mx-user-id`, `$USER_ID`.
    public let keyFormat: String?
    public let oneOf: [Schema]
    public let anyOf: [Schema]
    public let example: YAMLNode?
    public let deprecated: Bool
    public let versionNotes: VersionNotes
    public let location: SourceLocation
    public let file: String
    /// Swagger 2.0 sources sometimes mark a property with `required: true` in its own schema.
    let isRequiredFlag: Bool

    public init(
        title: String? = nil, description: SourceText? = nil, types: [String] = [], format: String? = nil,
        enumValues: [YAMLNode] = [], constValue: YAMLNode? = nil, defaultValue: YAMLNode? = nil,
        properties: [Property] = [], required: Set<String> = [], items: Schema? = nil,
        additionalProperties: Schema? = nil, patternProperties: [Property] = [], keyFormat: String? = nil,
        oneOf: [Schema] = [], anyOf: [Schema] = [], example: YAMLNode? = nil, deprecated: Bool = false,
        versionNotes: VersionNotes = VersionNotes(), location: SourceLocation = .start,
        file: String = "", isRequiredFlag: Bool = false, forbidsAdditionalProperties: Bool = false,
        prefixItems: [Schema] = []
    ) {
        self.prefixItems = prefixItems
        self.forbidsAdditionalProperties = forbidsAdditionalProperties
        self.isRequiredFlag = isRequiredFlag
        self.title = title
        self.description = description
        self.types = types
        self.format = format
        self.enumValues = enumValues
        self.constValue = constValue
        self.defaultValue = defaultValue
        self.properties = properties
        self.required = required
        self.items = items
        self.additionalProperties = additionalProperties
        self.patternProperties = patternProperties
        self.keyFormat = keyFormat
        self.oneOf = oneOf
        self.anyOf = anyOf
        self.example = example
        self.deprecated = deprecated
        self.versionNotes = versionNotes
        self.location = location
        self.file = file
    }

    /// True for an object schema whose fields deserve a table of their own.
    public var hasFields: Bool { !properties.isEmpty }

    /// True for a map: an object described only by `additionalProperties` or `patternProperties`.
    public var isMap: Bool { properties.isEmpty && (additionalProperties != nil || !patternProperties.isEmpty) }

    public var isArray: Bool { types.contains("array") || items != nil || !prefixItems.isEmpty }

    /// `oneOf`, else `anyOf`.
    public var variants: [Schema] { oneOf.isEmpty ? anyOf : oneOf }
}

/// Matrix's `x-addedInMatrixVersion` and `x-changedInMatrixVersion`.
public struct VersionNotes: Sendable, Hashable {
    public struct Change: Sendable, Hashable {
        public var version: String
        /// What changed, as Markdown; may be empty.
        public var text: SourceText?
    }

    public var addedIn: String?
    public var changedIn: [Change]

    public init(addedIn: String? = nil, changedIn: [Change] = []) {
        self.addedIn = addedIn
        self.changedIn = changedIn
    }

    public var isEmpty: Bool { addedIn == nil && changedIn.isEmpty }

    /// `1.7` reads `v1.7`, as the spec writes its versions; `r0.6.0` stays as it is.
    public static func display(_ version: String) -> String {
        version.first?.isNumber == true ? "v" + version : version
    }

    /// Badge kinds and labels: `("added", "Added in v1.7")`, `("changed", "Changed in v1.8")`.
    public var badges: [(kind: String, label: String)] {
        (addedIn.map { [("added", "Added in \(Self.display($0))")] } ?? [])
            + changedIn.map { ("changed", "Changed in \(Self.display($0.version))") }
    }
}
