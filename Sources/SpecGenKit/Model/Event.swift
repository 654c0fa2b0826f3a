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

    public var singular: String {
        switch self {
        case .state: return "State event"
        case .room: return "Room event"
        case .other: return "Event"
        }
    }
}

/// An event schema file: an event type such as `m.room.member`, or a variant of one such as
/// `m.room.message$m.text`.
public struct EventSchema: Sendable {
    /// The file name without extension: `m.room.message$m.text`.
    public var name: String
    /// The part before `$`: `m.room.message`.
    public var type: String
    /// The part after `$`: `m.text`; `nil` for the event itself.
    public var variant: String?
    public var kind: EventKind
    public var file: String
    public var title: String?
    public var description: SourceText?
    public var content: Schema?
    public var stateKey: Schema?
    /// Fields besides `content`, `type` and `state_key` that the common fields of its kind do not cover.
    public var otherFields: [Schema.Property]
    public var required: Set<String>
    public var versionNotes: VersionNotes
    /// `x-weight`, which orders the events of a group.
    public var weight: Double?
    /// The whole schema, for the fields every event has.
    public var schema: Schema
}

/// An example from `event-schemas/examples/`: `m.room.member` or `m.room.member$invite_room_state`.
public struct EventExample: Sendable {
    public var name: String
    public var value: YAMLNode
}

/// The fields that every event of a kind has, from the core schemas.
public struct CommonEventFields: Sendable {
    public var kind: EventKind
    /// The core schema's file name without extension: `room_event`.
    public var name: String
    public var title: String
    public var schema: Schema
}

/// Every event schema and example of the spec.
public struct EventCatalog: Sendable {
    /// By file name, in name order.
    public var schemas: [EventSchema]
    public var examples: [EventExample]
    /// The fields of the three kinds: event, room event, state event.
    public var common: [CommonEventFields]
    /// Every core schema (`core-event-schema/*`), by file name: what `{{% event-fields %}}` names.
    public var cores: [String: CommonEventFields] = [:]

    public static let empty = EventCatalog(schemas: [], examples: [], common: [], cores: [:])

    /// The schemas that are events themselves, not variants.
    public var events: [EventSchema] { schemas.filter { $0.variant == nil } }

    public func schema(named name: String) -> EventSchema? { schemas.first { $0.name == name } }

    public func variants(of type: String) -> [EventSchema] { schemas.filter { $0.type == type && $0.variant != nil } }

    /// The examples Hugo shows for an event: the one of its name, and those named `name$…`.
    public func examples(for name: String) -> [EventExample] {
        guard !name.containsByte(UInt8(ascii: "$")) else { return examples.filter { $0.name == name } }
        let variantPrefix = name + "$"
        return examples.filter { $0.name == name || $0.name.hasPrefix(variantPrefix) }
    }
}
