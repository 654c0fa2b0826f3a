/// A git repository of real releases, for the tests of `--all-versions`.
package enum SpecRepository {
    /// The sentence that only the work tree's client-server page has.
    package static let workTreeSentence = "A sentence only the work tree has."

    /// Tags v1.8 and v1.16 hold the two corpora of `../shared`, and `extraTag`, when given, a tree
    /// of its own between them; the work tree is v1.16 with ``workTreeSentence`` added.
    package static func make(extraTag: (name: String, files: [String: String])? = nil) throws -> Fixture {
        guard let v18 = SourcePaths.corpus("matrix-spec-v1.8"), let v116 = SourcePaths.corpus("matrix-spec-v1.16")
        else {
            throw RepositoryError.missing("../shared/corpus")
        }
        let fixture = try Fixture()
        try git(["init", "-q"], in: fixture)
        try fixture.copy(v18)
        try commit(tag: "v1.8", in: fixture)
        if let extraTag {
            try git(["rm", "-rq", "."], in: fixture)
            for (name, text) in extraTag.files { try fixture.write(name, text) }
            try commit(tag: extraTag.name, in: fixture)
        }
        try git(["rm", "-rq", "."], in: fixture)
        try fixture.copy(v116)
        try commit(tag: "v1.16", in: fixture)
        guard let page = fixture.read("content/client-server-api/_index.md") else {
            throw RepositoryError.missing("the client-server page")
        }
        try fixture.write("content/client-server-api/_index.md", page + "\n" + workTreeSentence + "\n")
        return fixture
    }

    enum RepositoryError: Error {
        case missing(String)
        case git([String])
    }

    private static func commit(tag: String, in fixture: Fixture) throws {
        try git(["add", "-A"], in: fixture)
        try git(["commit", "-q", "-m", tag], in: fixture)
        try git(["tag", tag], in: fixture)
    }

    private static func git(_ arguments: [String], in fixture: Fixture) throws {
        guard try fixture.git(arguments) else { throw RepositoryError.git(arguments) }
    }
}
