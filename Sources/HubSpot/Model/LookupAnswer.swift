import JSON

/// The answer to "who has this phone number?" as the shared cache stores it under
/// `CacheKey.phone(e164)`: `{"found":true,"contact":{…}}` or `{"found":false,"contact":null}`.
///
/// One renderer for everyone who fills that key — the lookup endpoint and the batch
/// ``NameResolver`` — so an answer stored by either is byte-for-byte what the other would store,
/// and a later single lookup of a number a batch resolved is a plain cache hit.
///
/// ```swift
/// let bytes = LookupAnswer(contact).json            // store these
/// let again = LookupAnswer(json: bytes)?.contact    // read them back
/// ```
public struct LookupAnswer: Sendable, Equatable {
    /// The contact HubSpot has for the number; nil when it has none.
    public var contact: Contact?

    public init(_ contact: Contact?) { self.contact = contact }

    public var found: Bool { contact != nil }

    /// The stored JSON: rendered once, copied on every hit.
    public var json: [UInt8] {
        JSONValue.object(["found": .bool(found), "contact": contact?.json ?? .null]).encoded()
    }

    /// Decodes stored JSON; nil when it is not a lookup answer (e.g. written by an older version
    /// in another shape), which callers treat as a cache miss.
    public init?(json bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes), let found = value["found"]?.boolValue else { return nil }
        if !found {
            contact = nil
            return
        }
        guard let stored = value["contact"], let contact = Contact(json: stored) else { return nil }
        self.contact = contact
    }
}
