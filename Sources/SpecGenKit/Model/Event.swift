/// How an event travels: as room state, in a room's timeline, or elsewhere (ephemeral, account data, to-device).
public enum EventKind: String, Sendable, CaseIterable {
    case state, room, other

    public var title: String {
        switch self {
        case .state: return "State events"
        case .room: return "Room events"
        case .other: return "Other events"
        }
    }

    /// The id of the section showing the fields every event of this kind has.
    public var commonFieldsID: String { "common-\(rawValue)-event-fields" }
}

/// An event type, such as `m.room.member`, from its schema file and its examples.
public struct EventDefinition: Sendable {
    public var type: String
    public var kind: EventKind
    public var file: FileID
    public var path: String
    public var description: String?
    public var content: Schema?
    public var stateKey: Schema?
    /// Fields besides `content`, `type` and `state_key` that the common fields of its kind do not cover.
    public var otherFields: [Schema.Property]
    public var required: Set<String>
    public var examples: [Example]
    /// `m.room.message$m.text`: schemas for one `msgtype` (or other discriminator) of the event.
    public var variants: [EventVariant]
    public var versionNotes: VersionNotes
}

public struct EventVariant: Sendable {
    /// The part of the file name after `$`: `m.text`.
    public var name: String
    public var file: FileID
    public var description: String?
    public var content: Schema?
    public var examples: [Example]
}

/// The fields that every event of a kind has, from the core schemas.
public struct CommonEventFields: Sendable {
    public var kind: EventKind
    public var title: String
    public var schema: Schema
}

public struct EventCatalog: Sendable {
    public var events: [EventDefinition]
    public var common: [CommonEventFields]

    public static let empty = EventCatalog(events: [], common: [])

    /// Every event type, for cross-links.
    public var types: Set<String> { Set(events.map(\.type)) }
}
