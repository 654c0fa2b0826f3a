import Foundation
import SpecGenTestSupport
import Testing

/// `specgen check`: every validation in one pass, compiler-style, sorted by file and line.
@Suite struct CheckCommandTests {
    static let templates = ["--templates", SourcePaths.templates]

    @Test func reportsOperationsPathParametersAndExamplesSortedByFileAndLine() throws {
        let fixture = try Fixture([
            "api/client-server/a.yaml": """
            swagger: '2.0'
            paths:
              /rooms/{roomId}:
                get:
                  operationId: getRoom
                  responses:
                    200:
                      description: ok
                      schema:
                        type: object
                        properties:
                          name: {type: string}
                          size: {type: integer}
                          kind: {type: string, enum: [public, private]}
                        required: [name]
                      examples:
                        application/json: {"size": "big", "kind": "secret"}
                  summary: Gets a room.
              /other:
                get:
                  operationId: getRoom
                  parameters:
                    - {in: path, name: ghost, type: string, required: true}
                  responses:
                    200: {description: ok}
                  summary: Gets another.
            """,
            "api/client-server/b.yaml":
                "swagger: '2.0'\npaths:\n  /c:\n    get:\n      summary: No responses.\n      operationId: getX\n",
        ])
        let result = try CommandRunner.run(["check", "--root", fixture.path] + Self.templates)
        #expect(result.status == 0)
        #expect(
            result.stderr.split(separator: "\n").map(String.init) == [
                "api/client-server/a.yaml:4:5: warning: path parameter '{roomId}' of GET /rooms/{roomId} is not declared [undeclared-path-parameter]",
                "api/client-server/a.yaml:17:31: warning: 200 example of GET /rooms/{roomId}: 'name' is required [example-mismatch]",
                "api/client-server/a.yaml:17:40: warning: 200 example of GET /rooms/{roomId}: 'size' is a string, not integer [example-mismatch]",
                "api/client-server/a.yaml:17:55: warning: 200 example of GET /rooms/{roomId}: 'kind' is \"secret\", not one of \"public\", \"private\" [example-mismatch]",
                "api/client-server/a.yaml:20:5: warning: operationId 'getRoom' is also used by GET /rooms/{roomId} (api/client-server/a.yaml:4) [duplicate-operation-id]",
                "api/client-server/a.yaml:20:5: warning: path parameter 'ghost' is declared but /other has no '{ghost}' [unused-path-parameter]",
                "api/client-server/b.yaml:4:5: warning: GET /c has no responses [no-responses]",
            ])
        #expect(result.stdout == "specgen: 0 errors, 7 warnings\n")
        #expect(
            try CommandRunner.run(["check", "--root", fixture.path, "--warnings-as-errors"] + Self.templates).status
                == 1)
    }

    /// matrix-doc wrote whole examples as strings of JSON until 2017; the page shows that JSON,
    /// so the value it holds is what is checked, and a problem is reported at the string.
    @Test func checksAnExampleWrittenAsAStringOfJSONAsTheValueItHolds() throws {
        let fixture = try Fixture([
            "api/client-server/a.yaml": """
            swagger: '2.0'
            paths:
              /invite:
                post:
                  operationId: invite
                  summary: Invites.
                  parameters:
                    - in: body
                      name: body
                      schema:
                        type: object
                        properties:
                          medium: {type: string}
                          size: {type: integer}
                        required: [medium]
                        example: |-
                          {
                            "medium": "email"
                          }
                  responses:
                    200:
                      description: ok
                      schema:
                        type: object
                        properties:
                          size: {type: integer}
                      examples:
                        application/json: |-
                          {"size": "big"}
                    403:
                      description: no
                      schema: {type: object}
                      examples:
                        application/json: |-
                          not JSON at all
            """
        ])
        let result = try CommandRunner.run(["check", "--root", fixture.path] + Self.templates)
        #expect(result.status == 0)
        #expect(
            result.stderr.split(separator: "\n").map(String.init) == [
                "api/client-server/a.yaml:28:31: warning: 200 example of POST /invite: 'size' is a string, not integer [example-mismatch]",
                "api/client-server/a.yaml:34:31: warning: 403 example of POST /invite: the value is a string, not object [example-mismatch]",
            ])
    }

    @Test(
        .enabled(if: SourcePaths.shared != nil, "../shared is absent"),
        arguments: ["matrix-doc-2019-09", "matrix-spec-v1.8", "matrix-spec-v1.16", "matrix-spec-v1.19"])
    func findsNoErrorInTheRealSpecs(corpus: String) throws {
        let root = try #require(SourcePaths.corpus(corpus))
        let result = try CommandRunner.run(["check", "--root", root] + Self.templates)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains(": error: "))
    }

    @Test func exitsWithTwoOnBadUsage() throws {
        #expect(try CommandRunner.run(["check", "--root", "/no/such/folder"]).status == 2)
    }
}
