import Base
import JSON

/// A JSON object being read for a webhook, with the path it sits at so that every error names
/// its field (`data.object.direction`). Absent and `null` are the same: OpenPhone sends both.
struct PayloadFields {
    let value: JSONValue?
    let prefix: String

    init(_ value: JSONValue?, prefix: String = "") {
        self.value = value
        self.prefix = prefix
    }

    func path(_ key: String) -> String { prefix + key }

    func value(_ key: String) -> JSONValue? {
        guard let member = value?[key], !member.isNull else { return nil }
        return member
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// The object at `keys` below this one; it must exist and be an object.
    func nested(_ keys: String...) throws(WebhookPayloadError) -> PayloadFields {
        var current = self
        for key in keys {
            guard let member = current.value(key) else { throw .missing(current.path(key)) }
            guard case .object = member else { throw .invalid(current.path(key), "an object") }
            current = PayloadFields(member, prefix: current.path(key) + ".")
        }
        return current
    }

    /// A string that may be absent or null; any other type is an error.
    func optionalString(_ key: String) throws(WebhookPayloadError) -> String? {
        guard let member = value(key) else { return nil }
        guard let text = member.stringValue else { throw .invalid(path(key), "a string") }
        return text
    }

    /// `key`, else `fallback` (`text`, else the older `body`). Not `??`: its autoclosure would
    /// lose the typed error.
    func optionalString(_ key: String, or fallback: String) throws(WebhookPayloadError) -> String? {
        if let text = try optionalString(key) { return text }
        return try optionalString(fallback)
    }

    /// `key` from the first object that has it.
    static func firstString(_ key: String, in objects: PayloadFields...) throws(WebhookPayloadError) -> String? {
        for object in objects {
            if let text = try object.optionalString(key) { return text }
        }
        return nil
    }

    /// A non-empty string.
    func requiredString(_ key: String) throws(WebhookPayloadError) -> String {
        guard let text = try optionalString(key), !text.isEmpty else { throw .missing(path(key)) }
        return text
    }

    /// An ISO 8601 time that may be absent; present and unreadable is an error.
    func optionalTime(_ key: String) throws(WebhookPayloadError) -> Int64? {
        guard let text = try optionalString(key) else { return nil }
        guard let milliseconds = ISO8601Timestamp.milliseconds(text) else {
            throw .invalid(path(key), "an ISO 8601 time such as 2022-01-23T16:55:52.557Z")
        }
        return milliseconds
    }

    func requiredTime(_ key: String) throws(WebhookPayloadError) -> Int64 {
        guard let milliseconds = try optionalTime(key) else { throw .missing(path(key)) }
        return milliseconds
    }

    /// Phone numbers as one string or an array of strings (legacy v2 vs v4); at least one.
    func requiredNumbers(_ key: String) throws(WebhookPayloadError) -> [String] {
        guard let member = value(key) else { throw .missing(path(key)) }
        let numbers: [String]
        switch member {
        case .string(let number): numbers = [number]
        case .array(let items):
            numbers = try items.map { item throws(WebhookPayloadError) in
                guard let number = item.stringValue else { throw .invalid(path(key), "phone numbers as strings") }
                return number
            }
        default: throw .invalid(path(key), "a phone number or an array of them")
        }
        let present = numbers.filter { !$0.isEmpty }
        guard !present.isEmpty else { throw .missing(path(key)) }
        return present
    }
}
