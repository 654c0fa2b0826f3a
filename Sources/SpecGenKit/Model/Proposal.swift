/// A spec change proposal (MSC) from `proposals/NNNN-name.md`.
public struct Proposal: Sendable {
    public var number: Int
    /// The first heading, as written ("MSC 2010: Proposal to add client-side spoilers").
    public var title: String
    public var path: String
    public var file: String
    public var text: String
    /// "Author:" and "Shepherd:" lines near the top, as written.
    public var authors: String?
    public var shepherd: String?
}
