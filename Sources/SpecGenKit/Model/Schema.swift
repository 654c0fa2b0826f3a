/// A JSON Schema, with `$ref`s resolved and `allOf` merged.
package final class Schema: Sendable, Equatable {
    /// Equal when every stored property is (``storedPropertyNames`` lists them for a test that
    /// catches a new one left out). A schema never changes once read, so one is equal to itself
    /// at once, and the builds that share their parts compare quickly.
    package static func == (a: Schema, b: Schema) -> Bool {
        if a === b { return true }
        return a.location == b.location && a.file == b.file && a.types == b.types && a.title == b.title
            && a.format == b.format && a.keyFormat == b.keyFormat && a.isComposed == b.isComposed
            && a.deprecated == b.deprecated && a.isRequiredFlag == b.isRequiredFlag
            && a.forbidsAdditionalProperties == b.forbidsAdditionalProperties && a.required == b.required
            && a.versionNotes == b.versionNotes && a.description == b.description
            && a.properties == b.properties && a.patternProperties == b.patternProperties
            && a.items == b.items && a.prefixItems == b.prefixItems
            && a.additionalProperties == b.additionalProperties && a.oneOf == b.oneOf && a.anyOf == b.anyOf
            && a.enumValues == b.enumValues && a.constValue == b.constValue && a.defaultValue == b.defaultValue
            && a.example == b.example && a.requiredNodes == b.requiredNodes
    }

    /// The stored properties that `==` compares.
    static let storedPropertyNames: Set<String> = [
        "title", "description", "types", "format", "enumValues", "constValue", "defaultValue", "properties",
        "required", "items", "prefixItems", "additionalProperties", "forbidsAdditionalProperties",
        "patternProperties", "keyFormat", "oneOf", "anyOf", "example", "isComposed", "deprecated", "versionNotes",
        "location", "file", "isRequiredFlag", "requiredNodes",
    ]

    package struct Property: Sendable, Equatable {
        package var name: String
        package var schema: Schema
    }

    package let title: String?
    package let description: SourceText?
    /// `["object"]`, `["string", "null"]`; empty when the schema gives no type.
    package let types: [String]
    package let format: String?
    package let enumValues: [YAMLNode]
    package let constValue: YAMLNode?
    package let defaultValue: YAMLNode?
    package let properties: [Property]
    package let required: Set<String>
    package let items: Schema?
    /// Schemas for the first items in order: a tuple (`prefixItems`, or Swagger's list-form `items`).
    package let prefixItems: [Schema]
    package let additionalProperties: Schema?
    /// `additionalProperties: false`: keys beyond `properties` and `patternProperties` are not allowed.
    package let forbidsAdditionalProperties: Bool
    /// `patternProperties`, keyed by pattern.
    package let patternProperties: [Property]
    /// Matrix's `x-pattern-format` (or matrix-doc's `x-pattern`), which a map's value schema carries
    /// to say what the map's keys are: `mx-user-id`, `$USER_ID`.
    package let keyFormat: String?
    package let oneOf: [Schema]
    package let anyOf: [Schema]
    package let example: YAMLNode?
    /// Declared with `allOf` (merged by ``AllOfMerger``).
    package let isComposed: Bool
    package let deprecated: Bool
    package let versionNotes: VersionNotes
    package let location: SourceLocation
    package let file: String
    /// Swagger 2.0 sources sometimes mark a property with `required: true` in its own schema.
    let isRequiredFlag: Bool
    /// The names of `required` as written, for where a check points.
    package let requiredNodes: [YAMLNode]

    package init(
        title: String? = nil, description: SourceText? = nil, types: [String] = [], format: String? = nil,
        enumValues: [YAMLNode] = [], constValue: YAMLNode? = nil, defaultValue: YAMLNode? = nil,
        properties: [Property] = [], required: Set<String> = [], items: Schema? = nil,
        additionalProperties: Schema? = nil, patternProperties: [Property] = [], keyFormat: String? = nil,
        oneOf: [Schema] = [], anyOf: [Schema] = [], example: YAMLNode? = nil, isComposed: Bool = false,
        deprecated: Bool = false,
        versionNotes: VersionNotes = VersionNotes(), location: SourceLocation = .start,
        file: String = "", isRequiredFlag: Bool = false, forbidsAdditionalProperties: Bool = false,
        prefixItems: [Schema] = [], requiredNodes: [YAMLNode] = []
    ) {
        self.prefixItems = prefixItems
        self.requiredNodes = requiredNodes
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
        self.isComposed = isComposed
        self.deprecated = deprecated
        self.versionNotes = versionNotes
        self.location = location
        self.file = file
    }

    /// True for an object schema whose fields deserve a table of their own.
    package var hasFields: Bool { !properties.isEmpty }

    /// True for a map: an object described only by `additionalProperties` or `patternProperties`.
    package var isMap: Bool { properties.isEmpty && (additionalProperties != nil || !patternProperties.isEmpty) }

    package var isArray: Bool { types.contains("array") || items != nil || !prefixItems.isEmpty }

    /// `oneOf`, else `anyOf`.
    package var variants: [Schema] { oneOf.isEmpty ? anyOf : oneOf }
}

/// Matrix's `x-addedInMatrixVersion` and `x-changedInMatrixVersion`.
package struct VersionNotes: Sendable, Hashable {
    package struct Change: Sendable, Hashable {
        package var version: String
        /// What changed, as Markdown; may be empty.
        package var text: SourceText?
    }

    package var addedIn: String?
    package var changedIn: [Change]

    package init(addedIn: String? = nil, changedIn: [Change] = []) {
        self.addedIn = addedIn
        self.changedIn = changedIn
    }

    package var isEmpty: Bool { addedIn == nil && changedIn.isEmpty }

    /// `1.7` reads `v1.7`, as the spec writes its versions; `r0.6.0` stays as it is.
    package static func display(_ version: String) -> String {
        version.first?.isNumber == true ? "v" + version : version
    }

    /// Badge kinds and labels: `("added", "Added in v1.7")`, `("changed", "Changed in v1.8")`.
    package var badges: [(kind: String, label: String)] {
        (addedIn.map { [("added", "Added in \(Self.display($0))")] } ?? [])
            + changedIn.map { ("changed", "Changed in \(Self.display($0.version))") }
    }
}
