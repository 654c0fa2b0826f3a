/// How an event travels: as room state, in a room's timeline, or elsewhere (ephemeral, account data, to-device).
package enum EventKind: String, Sendable, CaseIterable {
    case state, room, other

    package var title: String {
        switch self {
        case .state: return "State events"
        case .room: return "Room events"
        case .other: return "Other events"
        }
    }

    package var singular: String {
        switch self {
        case .state: return "State event"
        case .room: return "Room event"
        case .other: return "Event"
        }
    }

    /// The schema of `core-event-schema/` that holds the fields every event of the kind has.
    var coreSchema: CoreEventSchema {
        switch self {
        case .state: return .stateEvent
        case .room: return .roomEvent
        case .other: return .event
        }
    }
}

/// The schemas of `core-event-schema/` that the kinds of event build on, by file name.
enum CoreEventSchema: String, CaseIterable {
    case event
    case roomEvent = "room_event"
    case stateEvent = "state_event"

    /// How the events page titles the fields.
    var title: String {
        switch self {
        case .event: return "Event"
        case .roomEvent: return "Room Event"
        case .stateEvent: return "State Event"
        }
    }
}

/// An event schema file: an event type such as `m.room.member`, or a variant of one such as
/// `m.room.message$m.text`.
package struct EventSchema: Sendable, Equatable {
    /// The file name without extension: `m.room.message$m.text`.
    package var name: String
    /// The part before `$`: `m.room.message`.
    package var type: String
    /// The part after `$`: `m.text`; `nil` for the event itself.
    package var variant: String?
    package var kind: EventKind
    package var file: String
    package var title: String?
    package var description: SourceText?
    package var content: Schema?
    package var stateKey: Schema?
    /// Fields besides `content`, `type` and `state_key` that the common fields of its kind do not cover.
    package var otherFields: [Schema.Property]
    package var required: Set<String>
    package var versionNotes: VersionNotes
    /// `x-weight`, which orders the events of a group.
    package var weight: Double?
    /// The whole schema, for the fields every event has.
    package var schema: Schema
}

/// An example from `event-schemas/examples/`: `m.room.member` or `m.room.member$invite_room_state`.
package struct EventExample: Sendable, Equatable {
    package var name: String
    package var value: YAMLNode
}

/// The fields that every event of a kind has, from the core schemas.
package struct CommonEventFields: Sendable {
    package var kind: EventKind
    /// The core schema's file name without extension: `room_event`.
    package var name: String
    package var title: String
    package var schema: Schema
}

/// Every event schema and example of the spec.
package struct EventCatalog: Sendable {
    /// By file name, in name order.
    package var schemas: [EventSchema]
    package var examples: [EventExample]
    /// The fields of the three kinds: event, room event, state event.
    package var common: [CommonEventFields]
    /// Every core schema (`core-event-schema/*`), by file name: what `{{% event-fields %}}` names.
    package var cores: [String: CommonEventFields] = [:]

    package static let empty = EventCatalog(schemas: [], examples: [], common: [], cores: [:])

    /// The schemas that are events themselves, not variants.
    package var events: [EventSchema] { schemas.filter { $0.variant == nil } }

    package func schema(named name: String) -> EventSchema? { schemas.first { $0.name == name } }

    package func variants(of type: String) -> [EventSchema] { schemas.filter { $0.type == type && $0.variant != nil } }

    /// The examples Hugo shows for an event: the one of its name, and those named `name$…`.
    package func examples(for name: String) -> [EventExample] {
        guard !name.containsByte(UInt8(ascii: "$")) else { return examples.filter { $0.name == name } }
        let variantPrefix = name + "$"
        return examples.filter { $0.name == name || $0.name.hasPrefix(variantPrefix) }
    }
}
