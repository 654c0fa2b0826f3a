/// The checks on the model that loading alone does not make: path parameters, operation ids,
/// and examples against their schemas.
struct SpecChecker {
    let tree: SourceTree

    func check(_ spec: Spec) {
        let examples = ExampleValidator(tree: tree)
        var found: [Diagnostic] = []
        for api in spec.apis {
            var operationIDs: [String: Operation] = [:]
            for document in api.documents {
                for operation in document.operations {
                    found += pathParameterProblems(operation)
                    if let id = operation.operationID {
                        if let first = operationIDs[id] {
                            found.append(
                                .warning(
                                    "operationId '\(id)' is also used by \(first.method) \(first.fullPath) (\(tree.displayPath(of: first.file)):\(first.location.line))",
                                    file: tree.displayPath(of: operation.file), at: operation.location))
                        } else {
                            operationIDs[id] = operation
                        }
                    }
                    let name = "\(operation.method) \(operation.fullPath)"
                    if let body = operation.requestBody, let schema = body.schema {
                        for example in body.examples where example.contentType.map(OperationRenderer.isJSON) ?? true {
                            found += examples.validate(example.value, against: schema, subject: "request example of \(name)")
                        }
                        if body.examples.isEmpty, let example = schema.example {
                            found += examples.validate(example, against: schema, subject: "request example of \(name)")
                        }
                    }
                    for response in operation.responses {
                        guard let body = response.body, let schema = body.schema else { continue }
                        for example in body.examples where example.contentType.map(OperationRenderer.isJSON) ?? true {
                            found += examples.validate(example.value, against: schema, subject: "\(response.status) example of \(name)")
                        }
                    }
                }
            }
        }
        tree.diagnostics.emit(contentsOf: found)
    }

    /// `{param}` in the path without a path parameter, and path parameters the path lacks.
    private func pathParameterProblems(_ operation: Operation) -> [Diagnostic] {
        var inPath: [String] = []
        var rest = operation.path[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            inPath.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        let declared = operation.parameters.filter { $0.location == .path }.map(\.name)
        let file = tree.displayPath(of: operation.file)
        var problems: [Diagnostic] = []
        for name in inPath where !declared.contains(name) {
            problems.append(.warning("path parameter '{\(name)}' of \(operation.method) \(operation.path) is not declared", file: file, at: operation.location))
        }
        for name in declared where !inPath.contains(name) {
            problems.append(.warning("path parameter '\(name)' is declared but \(operation.path) has no '{\(name)}'", file: file, at: operation.location))
        }
        return problems
    }
}
