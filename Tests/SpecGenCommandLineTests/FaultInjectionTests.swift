import Foundation
import SpecGenTestSupport
import Testing

/// Parity with the spec's own checks (Redocly and `scripts/check-*.py`), shown by fault injection:
/// a real tree, one fault put in, and `specgen check` reporting it with its id at its line.
@Suite(.enabled(if: SourcePaths.corpus("matrix-spec-v1.19") != nil, "../shared is absent"))
struct FaultInjectionTests {
    struct Fault: Sendable, CustomStringConvertible {
        var name: String
        var file: String
        var replacing: String
        var with: String
        /// What `check` must print: `file:line:` and the id.
        var expected: String
        var description: String { name }
    }

    static let whoami = "data/api/client-server/whoami.yaml"

    static let faults = [
        Fault(
            name: "a broken $ref (Redocly's spec-strict-refs, no-unresolved-refs)", file: whoami,
            replacing: "$ref: definitions/errors/rate_limited.yaml", with: "$ref: definitions/errors/no_such_file.yaml",
            expected: "\(whoami):101:"),
        Fault(
            name: "an example that does not match its schema (check-openapi-sources.py)", file: whoami,
            replacing: "\"user_id\": \"@joe:example.org\",", with: "\"user_id\": 42,",
            expected: "[example-mismatch]"),
        Fault(
            name: "an operationId used twice (Redocly's operation-operationId-unique)",
            file: "data/api/client-server/logout.yaml", replacing: "operationId: logout_all",
            with: "operationId: logout", expected: "[duplicate-operation-id]"),
        Fault(
            name: "a path parameter that is not declared (Redocly's path-parameters-defined)", file: whoami,
            replacing: "  /account/whoami:", with: "  /account/whoami/{who}:",
            expected:
                "\(whoami):20:5: warning: path parameter '{who}' of GET /account/whoami/{who} is not declared [undeclared-path-parameter]"
        ),
        Fault(
            name: "a schema keyword of the wrong type (check-json-schemas.py)", file: whoami,
            replacing: "                type: object\n                required:\n                  - user_id",
            with: "                type: object\n                required: user_id", expected: "[invalid-schema]"),
        Fault(
            name: "an event example without its type (check-event-schema-examples.py)",
            file: "data/event-schemas/examples/m.room.topic.yaml", replacing: "  \"type\": \"m.room.topic\",\n",
            with: "",
            // The example's $ref gives it the core event's type, which is not the event's.
            expected:
                "warning: example of m.room.topic: 'type' is \"org.example.custom.event\", not one of \"m.room.topic\" [example-mismatch]"
        ),
        Fault(
            name: "a parameter listed twice (Redocly's operation-parameters-unique)", file: profile,
            replacing: "      operationId: getUserProfile\n      parameters:\n",
            with:
                "      operationId: getUserProfile\n      parameters:\n        - in: path\n          name: userId\n          required: true\n          schema:\n            type: string\n",
            expected: "\(profile):293:11: warning: path parameter 'userId' of GET /profile/{userId} is listed twice"),
        Fault(
            name: "paths that one request could match (Redocly's no-identical-paths, no-ambiguous-paths)",
            file: profile, replacing: "  \"/profile/{userId}\":", with: "  \"/profile/{userId}/{field}\":",
            expected: "could also be one to /profile/{userId}/{keyName} [ambiguous-paths]"),
        Fault(
            name: "a query string in a path (Redocly's path-not-include-query)", file: whoami,
            replacing: "  /account/whoami:", with: "  /account/whoami?full=true:", expected: "[path-syntax]"),
        Fault(
            name: "an operation without a summary (Redocly's operation-summary)", file: whoami,
            replacing: "      summary: Gets information about the owner of an access token.\n", with: "",
            expected: "has no summary [operation-syntax]"),
        Fault(
            name: "an operationId that is not URL-safe (Redocly's operation-operationId-url-safe)", file: whoami,
            replacing: "operationId: getTokenOwner", with: "operationId: get token owner",
            expected: "'get token owner', with characters a URL does not allow [operation-syntax]"),
        Fault(
            name: "an enum value of another type (Redocly's no-enum-type-mismatch)",
            file: "data/event-schemas/schema/m.room.history_visibility.yaml",
            replacing: "          - world_readable\n", with: "          - world_readable\n          - 42\n",
            expected:
                "m.room.history_visibility.yaml:17:13: warning: the enum value 42 is an integer, not of the schema's type (string) [enum-type-mismatch]"
        ),
        Fault(
            name: "a server URL with a trailing slash and an undefined variable (Redocly's server rules)",
            file: whoami, replacing: "  - url: \"{protocol}://{hostname}{basePath}\"",
            with: "  - url: \"{protocol}://{hostname}{basePath}{version}/\"",
            expected: "uses '{version}', which its 'variables' do not define [server-syntax]"),
        Fault(
            name: "a parameter example that does not match its schema (Redocly's no-invalid-parameter-examples)",
            file: profile, replacing: "example: \"@alice:example.com\"", with: "example: 42",
            expected:
                "example of the userId parameter of GET /_matrix/client/v3/profile/{userId}: the value is an integer, not string [example-mismatch]"
        ),
        Fault(
            name: "a required name that no property defines (Redocly's no-required-schema-properties-undefined)",
            file: whoami, replacing: "                required:\n                  - user_id",
            with: "                required:\n                  - ghost\n                  - user_id",
            expected: "'ghost' is required, but no property of the schema defines it [required-undefined]"),
        Fault(
            name: "properties on an array schema (Redocly's no-schema-type-mismatch)", file: whoami,
            replacing: "                type: object\n                required:\n                  - user_id",
            with: "                type: array\n                required:\n                  - user_id",
            expected: "\(whoami):44:17: warning: a schema of type array has 'properties', which only an object has"),
        Fault(
            name: "a tag defined twice, without a description (Redocly's no-duplicated-tag-names, tag-description)",
            file: whoami, replacing: "servers:\n",
            with: "tags:\n  - name: Session management\n  - name: Session management\nservers:\n",
            expected: "the tag 'Session management' is defined twice [tag-syntax]"),
        Fault(
            name: "a component name that a $ref cannot name (Redocly's spec-components-invalid-map-name)",
            file: whoami, replacing: "    accessTokenQuery:\n", with: "    access token query:\n",
            expected: "\(whoami):118:5: warning: the component name 'access token query' holds characters"),
        Fault(
            name: "an operation without an operationId (Redocly's operation-operationId)", file: whoami,
            replacing: "      operationId: getTokenOwner\n", with: "",
            expected:
                "\(whoami):20:5: warning: GET /_matrix/client/v3/account/whoami has no operationId [operation-syntax]"),
        Fault(
            name: "a component that nothing uses (Redocly's no-unused-components)", file: whoami,
            replacing: "components:\n", with: "components:\n  schemas:\n    Unused:\n      type: string\n",
            expected:
                "\(whoami):118:5: warning: the component 'Unused' of 'schemas' is not used: no '$ref' names it [unused-component]"
        ),
        Fault(
            name: "an example with both value and externalValue (Redocly's no-example-value-and-externalValue)",
            file: whoami,
            replacing: "                response:\n                  value: {\n                    \"user_id\"",
            with:
                "                response:\n                  externalValue: https://example.org/whoami.json\n                  value: {\n                    \"user_id\"",
            expected:
                "\(whoami):66:17: warning: the example 'response' has both 'value' and 'externalValue'; give one [example-syntax]"
        ),
        Fault(
            name: "an empty {} in a path (Redocly's path-declaration-must-exist)", file: whoami,
            replacing: "  /account/whoami:", with: "  /account/whoami/{}:",
            expected: "has an empty {}: name the parameter [path-syntax]"),
        Fault(
            name: "no server (Redocly's no-empty-servers)", file: whoami,
            replacing: "servers:\n  - url: \"{protocol}://{hostname}{basePath}\"",
            with: "x-servers:\n  - url: \"{protocol}://{hostname}{basePath}\"",
            expected:
                "\(whoami):14:1: warning: the document names no server: add 'servers' with the API's URL [server-syntax]"
        ),
        Fault(
            name: "a server at example.com (Redocly's no-server-example.com)", file: whoami,
            replacing: "  - url: \"{protocol}://{hostname}{basePath}\"",
            with: "  - url: \"https://example.com{basePath}\"",
            expected: "points at example.com [server-syntax]"),
        Fault(
            name: "a server variable with an empty enum (Redocly's no-server-variables-empty-enum)", file: whoami,
            replacing: "      hostname:\n        default: localhost:8008",
            with: "      hostname:\n        enum: []\n        default: localhost:8008",
            expected: "the server variable 'hostname' has an empty enum [server-syntax]"),
    ]

    static let profile = "data/api/client-server/profile.yaml"

    @Test(arguments: faults)
    func reportsTheFaultWithItsIDAndPosition(fault: Fault) throws {
        let fixture = try Fixture.copy(of: try #require(SourcePaths.corpus("matrix-spec-v1.19")))
        let text = try #require(fixture.read(fault.file))
        #expect(text.contains(fault.replacing), "the corpus changed: \(fault.replacing)")
        try fixture.write(fault.file, text.replacingOccurrences(of: fault.replacing, with: fault.with))
        let result = try CommandRunner.run(["check", "--root", fixture.path, "--templates", SourcePaths.templates])
        let lines = result.stderr.split(separator: "\n").filter { $0.contains(fault.expected) }
        #expect(!lines.isEmpty, "\(fault.name): \(result.stderr.suffix(1500))")
        // Each line names a file, a line and a column, and ends with an id.
        for line in lines {
            #expect(
                line.range(of: #"^[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$"#, options: .regularExpression) != nil
            )
        }
    }
}
