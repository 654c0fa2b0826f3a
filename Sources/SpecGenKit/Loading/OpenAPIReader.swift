/// Reads one resolved Swagger 2.0 or OpenAPI 3.x document into an ``APIDocument``.
struct OpenAPIReader {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    let diagnostics: DiagnosticCollector
    let style: TextStyle
    var schemas: SchemaReader { SchemaReader(diagnostics: diagnostics, style: style) }

    func read(_ root: YAMLNode, path: String) -> APIDocument? {
        guard root.pairs != nil else {
            diagnostics.emit(
                Diagnostic(
                    .invalidAPIDocument, "an API document must be a mapping, not \(root.kindName)", file: path,
                    at: root.location))
            return nil
        }
        guard let paths = root["paths"] else { return nil }
        let isSwagger2 = root["swagger"] != nil
        if !isSwagger2 { reportServerProblems(root, path: path) }
        reportTagAndComponentProblems(root, path: path)
        let basePath = style.variables.substitute(isSwagger2 ? (root["basePath"]?.string ?? "") : serverPath(root))
        let trimmedBase = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        let info = root["info"]
        let name = SourcePath.name(path).split(separator: ".").dropLast().joined(separator: ".")
        let globalSecurity = root["security"]
        let consumes = root["consumes"]?.items?.compactMap(\.string)
        let produces = root["produces"]?.items?.compactMap(\.string) ?? []

        guard let pathPairs = paths.pairs else {
            report("'paths' must be a mapping, not \(paths.kindName)", at: paths)
            return nil
        }
        var operations: [Operation] = []
        for pathPair in pathPairs {
            let operationPath = pathPair.key.trimming(" ")
            guard let item = pathPair.value.pairs else {
                report(
                    "path '\(operationPath)' must be a mapping of methods, not \(pathPair.value.kindName)",
                    at: pathPair.value)
                continue
            }
            let shared = pathPair.value["parameters"]?.items ?? []
            for methodPair in item where Self.methods.contains(methodPair.key) {
                let context = OperationContext(
                    method: methodPair.key.uppercased(), path: operationPath, fullPath: trimmedBase + operationPath,
                    isSwagger2: isSwagger2, globalSecurity: globalSecurity,
                    consumes: methodPair.value["consumes"]?.items?.compactMap(\.string) ?? consumes,
                    produces: methodPair.value["produces"]?.items?.compactMap(\.string) ?? produces,
                    keyLocation: methodPair.keyLocation)
                if let operation = readOperation(methodPair.value, shared: shared, context: context) {
                    operations.append(operation)
                }
            }
        }
        let tags = info?["x-tags"]?.items?.compactMap(\.string) ?? []
        return APIDocument(
            path: path, name: name, title: info?["title"]?.string ?? name, tags: tags, basePath: trimmedBase,
            operations: operations)
    }

    private struct OperationContext {
        var method: String
        var path: String
        var fullPath: String
        var isSwagger2: Bool
        var globalSecurity: YAMLNode?
        var consumes: [String]?
        var produces: [String]
        var keyLocation: SourceLocation
    }

    private func readOperation(_ node: YAMLNode, shared: [YAMLNode], context: OperationContext) -> Operation? {
        guard node.pairs != nil else {
            report("\(context.method) \(context.path) must be a mapping, not \(node.kindName)", at: node)
            return nil
        }
        var parameters: [Parameter] = []
        var body: Body?
        var parameterNodes = shared
        if let own = node["parameters"] {
            if let items = own.items {
                parameterNodes += items
                reportRepeatedParameters(items, of: context)
            } else {
                report("'parameters' must be a list, not \(own.kindName)", at: own)
            }
        }
        for parameterNode in parameterNodes {
            guard parameterNode.pairs != nil else {
                report("a parameter must be a mapping, not \(parameterNode.kindName)", at: parameterNode)
                continue
            }
            let location = parameterNode["in"]?.string ?? ""
            if location == "body" {
                body = Body(
                    description: style.text(parameterNode["description"]),
                    contentTypes: context.consumes ?? ["application/json"], contentTypesStated: context.consumes != nil,
                    schema: parameterNode["schema"].map(schemas.read), examples: [])
                continue
            }
            guard let parameter = readParameter(parameterNode, in: location) else { continue }
            if let index = parameters.firstIndex(where: {
                $0.name == parameter.name && $0.location == parameter.location
            }) {
                parameters[index] = parameter
            } else {
                parameters.append(parameter)
            }
        }
        if let requestBody = node["requestBody"] {
            body = readContentBody(requestBody)
        }

        var responses: [Response] = []
        if let responseNodes = node["responses"] {
            if let pairs = responseNodes.pairs {
                for pair in pairs {
                    responses.append(readResponse(status: pair.key, pair.value, context: context))
                }
            } else {
                report(
                    "'responses' must be a mapping of status codes, not \(responseNodes.kindName)", at: responseNodes)
            }
        }
        if responses.isEmpty {
            diagnostics.emit(
                Diagnostic(
                    .noResponses, "\(context.method) \(context.path) has no responses", file: node.file,
                    at: context.keyLocation)
            )
        }
        return Operation(
            method: context.method, path: context.path, fullPath: context.fullPath,
            summary: style.text(node["summary"]), description: style.text(node["description"]),
            operationID: node["operationId"]?.string, deprecated: node["deprecated"]?.bool ?? false,
            requiresAuthentication: authentication(node["security"] ?? context.globalSecurity),
            securitySchemes: schemeNames(node["security"] ?? context.globalSecurity),
            rateLimited: responses.contains { $0.status == "429" } || node["x-rateLimited"]?.bool == true,
            tags: node["tags"]?.items?.compactMap(\.string) ?? [],
            parameters: parameters, requestBody: body, responses: responses,
            versionNotes: schemas.versionNotes(node), file: node.file, location: context.keyLocation)
    }

    /// As the spec's templates read `security`: required when it lists a scheme, optional when
    /// one of its entries is empty, none when it is absent or empty.
    private func schemeNames(_ security: YAMLNode?) -> [String] {
        var names: [String] = []
        for requirement in security?.items ?? [] {
            for pair in requirement.pairs ?? [] where !names.contains(pair.key) { names.append(pair.key) }
        }
        return names
    }

    private func authentication(_ security: YAMLNode?) -> Operation.Authentication {
        guard let items = security?.items, !items.isEmpty else { return .none }
        return items.contains { $0.pairs?.isEmpty ?? false } ? .optional : .required
    }

    private func readParameter(_ node: YAMLNode, in location: String) -> Parameter? {
        guard let name = node["name"]?.string else {
            report("a parameter needs a 'name'", at: node)
            return nil
        }
        guard let kind = Parameter.Location(rawValue: location == "formData" ? "query" : location) else {
            report(
                "parameter '\(name)': 'in' must be path, query, header or cookie, not '\(location)'",
                at: node["in"] ?? node)
            return nil
        }
        // Swagger 2.0 puts the schema's keywords on the parameter itself.
        let schema = node["schema"].map(schemas.read) ?? schemas.read(node)
        let example = node["x-example"] ?? node["example"] ?? node["examples"]?.pairs?.first?.value["value"]
        return Parameter(
            name: name, location: kind, required: node["required"]?.bool ?? (kind == .path),
            description: style.text(node["description"]), schema: schema, example: example,
            deprecated: node["deprecated"]?.bool ?? false, versionNotes: schemas.versionNotes(node))
    }

    private func readResponse(status: String, _ node: YAMLNode, context: OperationContext) -> Response {
        var headers: [Parameter] = []
        if let headerPairs = node["headers"]?.pairs {
            for pair in headerPairs {
                let schema = pair.value["schema"].map(schemas.read) ?? schemas.read(pair.value)
                headers.append(
                    Parameter(
                        name: pair.key, location: .header, required: pair.value["required"]?.bool ?? false,
                        description: style.text(pair.value["description"]), schema: schema,
                        example: pair.value["example"] ?? pair.value["x-example"], deprecated: false,
                        versionNotes: schemas.versionNotes(pair.value)))
            }
        }
        var body: Body?
        if context.isSwagger2 {
            let schema = node["schema"].map(schemas.read)
            var examples: [Example] = []
            for pair in node["examples"]?.pairs ?? [] {
                examples.append(Example(name: nil, contentType: pair.key, value: pair.value))
            }
            if schema != nil || !examples.isEmpty {
                let types = examples.compactMap(\.contentType)
                body = Body(
                    description: nil, contentTypes: types.isEmpty ? context.produces : types,
                    contentTypesStated: !types.isEmpty || !context.produces.isEmpty, schema: schema, examples: examples)
            }
        } else if node["content"] != nil {
            body = readContentBody(node)
        }
        return Response(status: status, description: style.text(node["description"]), headers: headers, body: body)
    }

    /// OpenAPI 3's `content` keyed by media type.
    private func readContentBody(_ node: YAMLNode) -> Body {
        var contentTypes: [String] = []
        var schema: Schema?
        var schemasByType: [String: Schema] = [:]
        var examples: [Example] = []
        for pair in node["content"]?.pairs ?? [] {
            contentTypes.append(pair.key)
            if let schemaNode = pair.value["schema"] {
                let read = schemas.read(schemaNode)
                schemasByType[pair.key] = read
                if schema == nil { schema = read }
            }
            if let example = pair.value["example"] {
                examples.append(Example(name: nil, contentType: pair.key, value: example))
            }
            for named in pair.value["examples"]?.pairs ?? [] {
                if let value = named.value["value"] {
                    examples.append(Example(name: named.key, contentType: pair.key, value: value))
                }
            }
        }
        var body = Body(
            description: style.text(node["description"]), contentTypes: contentTypes, contentTypesStated: true,
            schema: schema, examples: examples)
        body.schemasByType = schemasByType
        return body
    }

    private func serverPath(_ root: YAMLNode) -> String {
        guard let server = root["servers"]?.items?.first, var url = server["url"]?.string else { return "" }
        for pair in server["variables"]?.pairs ?? [] {
            url = url.replacingBytes("{\(pair.key)}", with: pair.value["default"]?.string ?? "")
        }
        if let scheme = url.range(of: "://") {
            let afterHost = url[scheme.upperBound...].firstIndex(of: "/") ?? url.endIndex
            url = String(url[afterHost...])
        }
        return url
    }

    /// What Redocly's server rules reject: no server, a URL ending in `/` or at example.com, a
    /// `{variable}` the server does not define, a variable whose `enum` is empty.
    private func reportServerProblems(_ root: YAMLNode, path: String) {
        func warn(_ message: String, at node: YAMLNode) {
            diagnostics.emit(Diagnostic(.serverSyntax, message, file: node.file, at: node.location))
        }
        if let written = root["servers"], written.items == nil {
            warn("'servers' must be a list of servers, not \(written.kindName)", at: written)
            return
        }
        guard let servers = root["servers"]?.items, !servers.isEmpty else {
            warn("the document names no server: add 'servers' with the API's URL", at: root["servers"] ?? root)
            return
        }
        for server in servers {
            guard let urlNode = server["url"], let url = urlNode.string else { continue }
            if url.count > 1 && url.hasSuffix("/") { warn("the server URL '\(url)' ends with '/'", at: urlNode) }
            if url.contains("example.com") { warn("the server URL '\(url)' points at example.com", at: urlNode) }
            let variables = server["variables"]
            var rest = url[...]
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                let name = String(rest[rest.index(after: open)..<close])
                if variables?[name] == nil {
                    warn("the server URL '\(url)' uses '{\(name)}', which its 'variables' do not define", at: urlNode)
                }
                rest = rest[rest.index(after: close)...]
            }
            for variable in variables?.pairs ?? [] where variable.value["enum"]?.items?.isEmpty == true {
                warn("the server variable '\(variable.key)' has an empty enum", at: variable.value)
            }
        }
    }

    /// Tags defined twice or without a description, and component names that a `$ref` could not
    /// name (Redocly's no-duplicated-tag-names, tag-description, spec-components-invalid-map-name).
    private func reportTagAndComponentProblems(_ root: YAMLNode, path: String) {
        var tagNames = Set<String>()
        for tag in root["tags"]?.items ?? [] {
            guard let name = tag["name"]?.string else { continue }
            if !tagNames.insert(name).inserted {
                diagnostics.emit(
                    Diagnostic(
                        .tagSyntax, "the tag '\(name)' is defined twice", file: tag.file, at: tag.location))
            }
            if tag["description"]?.string?.isEmpty ?? true {
                diagnostics.emit(
                    Diagnostic(
                        .tagSyntax, "the tag '\(name)' has no description", file: tag.file, at: tag.location))
            }
        }
        for group in root["components"]?.pairs ?? [] {
            for component in group.value.pairs ?? []
            where !component.key.unicodeScalars.allSatisfy(Self.componentNameCharacters.contains) {
                diagnostics.emit(
                    Diagnostic(
                        .componentName,
                        "the component name '\(component.key)' holds characters other than letters, digits, '.', '-' and '_'",
                        file: group.value.file, at: component.keyLocation))
            }
        }
    }

    /// Checks of the document as written, before its `$ref`s are resolved: components that no
    /// `$ref` of the document names (Redocly's no-unused-components; security schemes are named by
    /// `security`, not by `$ref`), and example objects with both `value` and `externalValue`
    /// (no-example-value-and-externalValue).
    func reportComponentUse(_ written: YAMLNode) {
        guard written["openapi"] != nil else { return }
        var named = Set<String>()
        func visit(_ node: YAMLNode, inExamples: Bool) {
            switch node.content {
            case .scalar:
                return
            case .sequence(let items):
                for item in items { visit(item, inExamples: false) }
            case .mapping(let pairs):
                if inExamples {
                    for example in pairs where example.value["value"] != nil && example.value["externalValue"] != nil {
                        diagnostics.emit(
                            Diagnostic(
                                .exampleSyntax,
                                "the example '\(example.key)' has both 'value' and 'externalValue'; give one",
                                file: example.value.file, at: example.keyLocation))
                    }
                }
                for pair in pairs {
                    if pair.key == "$ref", let target = pair.value.string, target.hasPrefix("#/components/") {
                        named.insert(String(target.dropFirst(2)))
                    } else {
                        visit(pair.value, inExamples: pair.key == "examples")
                    }
                }
            }
        }
        visit(written, inExamples: false)
        for group in written["components"]?.pairs ?? [] where Self.componentsNamedByReference.contains(group.key) {
            for component in group.value.pairs ?? [] where !named.contains("components/\(group.key)/\(component.key)") {
                diagnostics.emit(
                    Diagnostic(
                        .unusedComponent,
                        "the component '\(component.key)' of '\(group.key)' is not used: no '$ref' names it",
                        file: group.value.file, at: component.keyLocation))
            }
        }
    }

    private static let componentsNamedByReference: Set = [
        "schemas", "parameters", "responses", "headers", "examples", "requestBodies",
    ]

    private static let componentNameCharacters = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_".unicodeScalars)

    /// A parameter that one list names twice (a path's list may still be overridden by an
    /// operation's, as OpenAPI allows).
    private func reportRepeatedParameters(_ items: [YAMLNode], of context: OperationContext) {
        var seen = Set<String>()
        for item in items {
            guard let name = item["name"]?.string, let place = item["in"]?.string else { continue }
            if !seen.insert(place + "\u{0}" + name).inserted {
                diagnostics.emit(
                    Diagnostic(
                        .duplicateParameter,
                        "\(place) parameter '\(name)' of \(context.method) \(context.path) is listed twice; the last is shown",
                        file: item.file, at: item.location))
            }
        }
    }

    private func report(_ message: String, at node: YAMLNode) {
        diagnostics.emit(Diagnostic(.invalidAPIDocument, message, file: node.file, at: node.location))
    }
}
