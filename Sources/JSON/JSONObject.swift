/// Ordered object: keeps insertion/parse order so rendered output is deterministic.
///
/// ```swift
/// var o: JSONObject = ["b": 1, "a": 2]
/// o["c"] = "x"      // appends
/// o["b"] = 3        // replaces in place, order stays b, a, c
/// o["a"] = nil      // removes
/// o.keys            // ["b", "c"]
/// ```
///
/// Equality is order-sensitive (like swift-collections' `OrderedDictionary`),
/// so equal objects always render to identical bytes.
public struct JSONObject: Sendable {
    @usableFromInline
    struct Entry: Sendable, Equatable {
        @usableFromInline var key: String
        @usableFromInline var value: JSONValue

        @inlinable init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Members in order. Kept as one array of pairs so JSONObject stays two
    /// words wide, which keeps `JSONValue` itself small.
    @usableFromInline var entries: [Entry]

    /// Key -> position, only materialised once the object is big enough that
    /// linear search loses to hashing; small objects (the common case on the
    /// request path) never pay for a dictionary.
    @usableFromInline var index: [String: Int]?

    /// Below this many members a linear scan of `entries` is faster than hashing.
    @usableFromInline static var indexThreshold: Int { 16 }

    /// Creates an empty object.
    ///
    /// ```swift
    /// var o = JSONObject(); o["k"] = true
    /// ```
    @inlinable
    public init() {
        entries = []
        index = nil
    }

    /// The number of members: `(["a": 1] as JSONObject).count == 1`.
    @inlinable
    public var count: Int { entries.count }

    /// `true` when the object has no members: `JSONObject().isEmpty == true`.
    @inlinable
    public var isEmpty: Bool { entries.isEmpty }

    /// Member names in order, e.g. `["id", "name"]`.
    public var keys: [String] { entries.map(\.key) }

    /// Member values in order, e.g. `[1, "Ada"]` for `{"id":1,"name":"Ada"}`.
    public var values: [JSONValue] { entries.map(\.value) }

    /// Reserves room for `n` members, e.g. before building a known-size object.
    @inlinable
    public mutating func reserveCapacity(_ n: Int) {
        entries.reserveCapacity(n)
    }

    /// The value for `key`; assigning `nil` removes the member, assigning to
    /// an existing key replaces its value without moving it.
    ///
    /// ```swift
    /// o["name"] = "Ada"; o["name"]?.stringValue  // "Ada"
    /// ```
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return entries[i].value
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Sets `value` for `key` (replace in place or append); returns the old value.
    ///
    /// ```swift
    /// let previous = o.updateValue("new", forKey: "status")
    /// ```
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let i = position(of: key) {
            let old = entries[i].value
            entries[i].value = value
            return old
        }
        entries.append(Entry(key: key, value: value))
        if index != nil {
            index![key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            rebuildIndex()
        }
        return nil
    }

    /// Removes `key` if present and returns its value. O(n): later members shift.
    ///
    /// ```swift
    /// let token = o.removeValue(forKey: "token")
    /// ```
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = position(of: key) else { return nil }
        let old = entries.remove(at: i).value
        if index != nil {
            // Positions after `i` moved; a rebuild is simpler than patching and
            // removal is rare compared with lookup.
            if entries.count > Self.indexThreshold { rebuildIndex() } else { index = nil }
        }
        return old
    }

    @usableFromInline
    func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    private mutating func rebuildIndex() {
        var map = [String: Int](minimumCapacity: entries.count)
        for (i, entry) in entries.enumerated() { map[entry.key] = i }
        index = map
    }
}

extension JSONObject: Equatable {
    /// Same members with equal values in the same order: `["a": 1, "b": 2] != ["b": 2, "a": 1]`.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries == rhs.entries  // `index` is derived data, never compared
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// `let o: JSONObject = ["a": 1, "b": "x"]`; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }
}

extension JSONObject: Sequence {
    /// Iterates members in order: `for (key, value) in object { ... }`.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: IndexingIterator<[Entry]>

        @inlinable init(base: IndexingIterator<[Entry]>) { self.base = base }

        @inlinable
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard let entry = base.next() else { return nil }
            return (entry.key, entry.value)
        }
    }

    /// An iterator over `(key, value)` pairs in order.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    /// Exact member count, so `Array(object)` allocates once.
    @inlinable
    public var underestimatedCount: Int { entries.count }
}

extension JSONObject: CustomStringConvertible {
    /// The compact JSON text, e.g. `{"a":1}`.
    public var description: String { JSONValue.object(self).encodedString() }
}
