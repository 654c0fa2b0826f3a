import Foundation
import Testing

@testable import SpecGenKit

/// A component's HTML is reused when the component compares equal to the one rendered before, so
/// equality must see everything rendering reads.
@Suite struct ComponentMemoTests {
    /// `Schema` is a class, whose `==` is written by hand: it must compare every stored property.
    @Test func schemaEqualityComparesEveryStoredProperty() {
        let stored = Set(Mirror(reflecting: Schema()).children.compactMap(\.label))
        #expect(stored == Schema.storedPropertyNames)
    }

    @Test func schemasWithTheSameContentsAreEqualAndAnyDifferenceMakesThemUnequal() {
        let text = SourceText("The user's ID.", file: "a.yaml")
        let field = { Schema(description: text, types: ["string"], format: "mx-user-id") }
        let object = { (child: Schema) in
            Schema(title: "User", types: ["object"], properties: [Schema.Property(name: "user_id", schema: child)])
        }
        #expect(object(field()) == object(field()))
        let variants: [Schema] = [
            Schema(description: text, types: ["string"], format: "user-id"),
            Schema(description: SourceText("The user's ID.", file: "b.yaml"), types: ["string"], format: "mx-user-id"),
            Schema(description: text, types: ["string", "null"], format: "mx-user-id"),
            Schema(description: text, types: ["string"], format: "mx-user-id", deprecated: true),
            Schema(
                description: text, types: ["string"], format: "mx-user-id", location: SourceLocation(line: 2, column: 1)
            ),
        ]
        for variant in variants {
            #expect(object(variant) != object(field()))
        }
    }
}
