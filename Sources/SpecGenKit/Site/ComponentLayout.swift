/// Lays out operations, events and definitions as plans: which tables they have, and the ids of
/// their headings and tables, taken from the page's allocator.
struct ComponentLayout {
    let scheme: AnchorScheme
    /// How an example is made for a schema the source gives none for: as the layout's templates did.
    var exampleRule: ExampleSynthesizer.Rule { scheme.isHugo ? .hugo : .gendoc }
    let formats: [String: StringFormat]

    // MARK: Operations

    func operation(
        _ operation: Operation, api: String, level: Int, anchorBase: String? = nil, anchors: inout AnchorAllocator,
        change: DiffMark? = nil
    ) -> OperationPlan {
        let id = anchors.unique(scheme.operation(operation, base: anchorBase))
        let requestID = anchors.unique(id + "_request")
        var parameterTables: [FieldTable] = []
        let requestBase = scheme.requestTables(of: operation, id: id)
        var builder = FieldTableBuilder(idBase: requestBase, scheme: scheme, formats: formats)
        for location in Parameter.Location.allCases {
            let parameters = operation.parameters.filter { $0.location == location }
            guard !parameters.isEmpty else { continue }
            let rows = parameters.map {
                FieldRow(
                    name: $0.name, required: $0.required, description: $0.description ?? $0.schema.description,
                    schema: $0.schema, deprecated: $0.deprecated, versionNotes: $0.versionNotes)
            }
            let title = "\(location.rawValue.capitalized) parameters"
            builder.addRows(
                rows, title: title, id: anchors.unique(scheme.table(base: requestBase, title: title)), anchors: &anchors
            )
        }
        parameterTables = builder.tables
        let requestBody = operation.requestBody.map {
            body($0, title: "Request body", base: requestBase, anchors: &anchors)
        }
        let responsesID = anchors.unique(id + "_responses")
        let statusTableID = anchors.unique(id + "_status-codes")
        var responses: [ResponsePlan] = []
        for response in operation.responses {
            let hasDetail = !response.headers.isEmpty || response.body != nil
            let responseID = hasDetail ? anchors.unique("\(id)_response-\(AnchorAllocator.slug(response.status))") : nil
            let base = scheme.responseTables(of: operation, id: id, status: response.status)
            var headers: [FieldTable] = []
            if !response.headers.isEmpty {
                var headerBuilder = FieldTableBuilder(idBase: base, scheme: scheme, formats: formats)
                let rows = response.headers.map {
                    FieldRow(
                        name: $0.name, required: $0.required, description: $0.description, schema: $0.schema,
                        deprecated: $0.deprecated, versionNotes: $0.versionNotes)
                }
                headerBuilder.addRows(
                    rows, title: "Headers",
                    id: anchors.unique(scheme.table(base: base, title: "\(response.status) headers")), anchors: &anchors
                )
                headers = headerBuilder.tables
            }
            var bodyPlan = response.body.map { body($0, title: "Response body", base: base, anchors: &anchors) }
            bodyPlan?.body.description = nil
            var examples = response.body?.examples ?? []
            if examples.isEmpty,
                let synthesized = ExampleSynthesizer.example(for: response.body?.schema, rule: exampleRule)
            {
                examples = [Example(name: nil, contentType: nil, value: synthesized)]
            }
            responses.append(
                ResponsePlan(response: response, id: responseID, headers: headers, body: bodyPlan, examples: examples))
        }
        let requestExample = operation.requestBody.flatMap { body in
            body.examples.first
                ?? ExampleSynthesizer.example(for: body.schema, rule: exampleRule).map {
                    Example(name: nil, contentType: nil, value: $0)
                }
        }
        return OperationPlan(
            operation: operation, api: api, id: id, level: level, requestID: requestID, responsesID: responsesID,
            statusTableID: statusTableID, parameterTables: parameterTables, requestBody: requestBody,
            requestExample: requestExample, responses: responses,
            change: change)
    }

    private func body(_ body: Body, title: String, base: String, anchors: inout AnchorAllocator) -> BodyPlan {
        var builder = FieldTableBuilder(idBase: base, scheme: scheme, formats: formats)
        var plan = BodyPlan(body: body, title: title, contentTypesID: nil, rootType: nil, tables: [])
        if body.contentTypes.contains(where: { !Self.isJSON($0) }) {
            plan.contentTypesID = anchors.unique(scheme.table(base: base, title: "\(title) content types"))
            if let schema = body.schema {
                plan.rootType = builder.typeParts(
                    schema, fallbackTitle: schema.title ?? title, depth: 0, anchors: &anchors)
            }
            // A media type with a schema of its own shows that schema's type.
            for type in body.contentTypes {
                guard let schema = body.schemasByType[type], schema !== body.schema else { continue }
                plan.typesByMediaType[type] = builder.typeParts(
                    schema, fallbackTitle: schema.title ?? title, depth: 0, anchors: &anchors)
            }
        } else if let schema = body.schema {
            plan.rootType = builder.add(schema, title: title, anchors: &anchors)
        }
        plan.tables = builder.tables
        return plan
    }

    static func isJSON(_ contentType: String) -> Bool {
        contentType == "application/json" || contentType.hasSuffix("+json")
    }

    // MARK: Events

    /// - Parameters:
    ///   - name: the name the event is shown and anchored under (`msgtypes` shows `m.text`); its schema's name by default.
    ///   - title: a title written in Markdown, shown instead of the name (`event`'s `title`).
    func event(
        _ schema: EventSchema, name: String? = nil, title: SourceText? = nil, level: Int, examples: [EventExample],
        anchors: inout AnchorAllocator, commonFieldsID: String? = nil, variants: [EventSchema] = [],
        catalog: EventCatalog? = nil
    ) -> EventPlan {
        let name = name ?? schema.name
        let id = anchors.unique(scheme.event(name))
        var builder = FieldTableBuilder(idBase: scheme.eventTables(id), scheme: scheme, formats: formats)
        var contentType: [TypePart]?
        if let content = schema.content {
            contentType = builder.add(content, title: content.title ?? "Content", anchors: &anchors)
        }
        var otherTables: [FieldTable] = []
        if !schema.otherFields.isEmpty {
            let rows = schema.otherFields.map { property in
                FieldRow(
                    name: property.name, required: schema.required.contains(property.name),
                    description: property.schema.description, schema: property.schema,
                    deprecated: property.schema.deprecated, versionNotes: property.schema.versionNotes)
            }
            var otherBuilder = FieldTableBuilder(idBase: id, scheme: scheme, formats: formats)
            otherBuilder.addRows(
                rows, title: "Other fields", id: anchors.unique(scheme.table(base: id, title: "other fields")),
                anchors: &anchors)
            otherTables = otherBuilder.tables
        }
        let variantPlans = variants.map { variant in
            var plan = event(
                variant, name: scheme.event(schema.name) + "_variant-" + (variant.variant ?? ""),
                level: min(6, level + 1),
                examples: catalog?.examples(for: variant.name) ?? [], anchors: &anchors)
            plan.displayName = variant.type
            plan.variantLabel = Self.variantLabel(variant)
            return plan
        }
        // gendoc shows a variant on its own as `m.room.message (m.notice)`.
        let shownName = !scheme.isHugo && name == schema.name ? schema.variant.map { "\(schema.type) (\($0))" } : nil
        return EventPlan(
            schema: schema, id: id, level: level, displayName: shownName ?? name, title: title,
            contentType: contentType,
            tables: builder.tables,
            otherTables: otherTables, examples: examples, variants: variantPlans, commonFieldsID: commonFieldsID)
    }

    /// What tells a variant apart: `msgtype: m.notice` for `m.room.message$m.notice`, from the
    /// content field whose only value is the variant's name, else the name itself.
    static func variantLabel(_ schema: EventSchema) -> String {
        let name = schema.variant ?? ""
        let field = schema.content?.properties.first { property in
            property.schema.enumValues.count == 1 && property.schema.enumValues[0].string == name
        }
        return field.map { "\($0.name): \(name)" } ?? name
    }

    func commonFields(
        _ fields: CommonEventFields, shown: [String] = [], id: String?, idBase: String, inherits: InheritedFields?,
        anchors: inout AnchorAllocator
    ) -> CommonFieldsPlan {
        var builder = FieldTableBuilder(idBase: idBase, scheme: scheme, formats: formats)
        let rows = fields.schema.properties.filter { !shown.contains($0.name) }.map { property in
            FieldRow(
                name: property.name, required: fields.schema.required.contains(property.name),
                description: property.schema.description, schema: property.schema,
                deprecated: property.schema.deprecated, versionNotes: property.schema.versionNotes)
        }
        builder.addRows(
            rows, title: "\(fields.title) fields", id: anchors.unique(scheme.table(base: idBase, title: "fields")),
            anchors: &anchors)
        return CommonFieldsPlan(
            title: fields.title, id: id, description: fields.schema.description, tables: builder.tables,
            inherits: inherits)
    }

    // MARK: Definitions

    func definition(_ schema: Schema, path: String, level: Int, anchors: inout AnchorAllocator) -> DefinitionPlan {
        let title = schema.title ?? SourcePath.name(path)
        let id = anchors.unique(scheme.definition(title))
        var builder = FieldTableBuilder(idBase: id, scheme: scheme, formats: formats)
        let rootType = builder.add(schema, title: title, anchors: &anchors)
        return DefinitionPlan(
            schema: schema, title: title, titleSuffix: scheme.definitionSuffix, id: id, level: level,
            rootType: rootType, tables: builder.tables,
            example: ExampleSynthesizer.example(for: schema, rule: exampleRule))
    }
}

/// Builds an example from the examples of a schema's properties when the source gives none, by
/// the rule of the tree's own templates.
enum ExampleSynthesizer {
    enum Rule: Sendable {
        /// matrix-spec's Hugo template: a property whose example is empty (`false`, `0`, `""`,
        /// `{}`, `[]`) is left out of the whole, and a default is not an example.
        case hugo
        /// matrix-doc's gendoc (`get_example_for_schema`): every property, its own example or else
        /// one made from its type (`"string"`, `0`, an object or a list of one item; a tuple is
        /// each item's in turn). A schema declared with `allOf` has no example of its own there:
        /// gendoc's `inherit_parents` keeps only the type, title, description, required list and
        /// properties of the merged schemas.
        case gendoc
    }

    static func example(for schema: Schema?, rule: Rule = .hugo, depth: Int = 0) -> YAMLNode? {
        guard let schema, depth < 16 else { return nil }
        if let example = schema.example, rule == .hugo || !schema.isComposed { return example }
        let location = schema.location
        func scalar(_ text: String, _ kind: YAMLScalar.Kind) -> YAMLNode {
            YAMLNode(.scalar(YAMLScalar(text, kind: kind)), at: location, file: schema.file)
        }
        if schema.hasFields {
            var pairs: [YAMLNode.Pair] = []
            for property in schema.properties {
                if let value = example(for: property.schema, rule: rule, depth: depth + 1),
                    rule == .gendoc || !isEmpty(value)
                {
                    pairs.append(YAMLNode.Pair(key: property.name, keyLocation: location, value: value))
                }
            }
            return pairs.isEmpty && rule == .hugo ? nil : YAMLNode(.mapping(pairs), at: location, file: schema.file)
        }
        if rule == .gendoc, schema.items == nil, !schema.prefixItems.isEmpty {
            let items = schema.prefixItems.compactMap { example(for: $0, rule: rule, depth: depth + 1) }
            return YAMLNode(.sequence(items), at: location, file: schema.file)
        }
        if schema.isArray,
            let item = example(for: schema.items ?? schema.prefixItems.first, rule: rule, depth: depth + 1),
            rule == .gendoc || !isEmpty(item)
        {
            return YAMLNode(.sequence([item]), at: location, file: schema.file)
        }
        guard rule == .gendoc else { return nil }
        switch schema.types.first {
        case "integer": return scalar("0", .int)
        case "string": return scalar("string", .string)
        default: return nil
        }
    }

    /// What Go templates count as false, which the spec's template leaves out of an example.
    static func isEmpty(_ value: YAMLNode) -> Bool {
        if let items = value.items { return items.isEmpty }
        if let pairs = value.pairs { return pairs.isEmpty }
        guard let scalar = value.scalar else { return false }
        switch scalar.kind {
        case .null: return true
        case .bool: return scalar.text == "false"
        case .int, .float: return Double(scalar.text) == 0
        case .string: return scalar.text.isEmpty
        }
    }
}
