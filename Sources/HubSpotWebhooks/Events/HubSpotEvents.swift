import JSON

/// A whole delivery: the JSON array of events HubSpot POSTs (up to 100 per request).
///
/// ```swift
/// let events = try HubSpotEvents.parse(body)            // after the signature verified
/// let body = HubSpotEvents.encode(events)               // the emulator's side
/// ```
public enum HubSpotEvents {
    /// Reads every event of a delivery, in order. An empty array is an empty delivery. A body that
    /// is not an array of objects, or an event without its type, object id, event id or time (or
    /// without what its kind needs, e.g. a merge's `primaryObjectId`), is an error naming the
    /// event's index and the field: one unreadable event fails the delivery, so that nothing in it
    /// is acknowledged as handled.
    public static func parse(_ body: [UInt8]) throws(HubSpotEventsError) -> [HubSpotEvent] {
        let root: JSONValue
        do throws(JSONParseError) {
            root = try JSONValue(parsing: body)
        } catch {
            throw .invalidJSON(error.description)
        }
        guard case .array(let items) = root else { throw .notAnArray }
        var events: [HubSpotEvent] = []
        events.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else { throw .notAnObject(index) }
            events.append(try HubSpotEvent(reading: EventFields(object: object, index: index)))
        }
        return events
    }

    /// The compact JSON array HubSpot would send for `events`.
    public static func encode(_ events: [HubSpotEvent]) -> [UInt8] {
        JSONValue.array(events.map(\.json)).encoded()
    }
}
