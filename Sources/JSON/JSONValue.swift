/// A JSON document or fragment, as an in-memory tree.
///
/// Integers that fit `Int64` are kept exact as `.int`; everything else numeric
/// is `.double`. Objects keep their member order (see `JSONObject`).
///
/// ```swift
/// let v: JSONValue = ["id": 42, "tags": ["a", "b"], "score": 0.5, "gone": nil]
/// v["id"]?.intValue        // 42
/// v.encodedString()        // {"id":42,"tags":["a","b"],"score":0.5,"gone":null}
/// ```
///
/// Equality is structural and order-sensitive for objects, so `a == b`
/// implies `a.encoded() == b.encoded()` (except `0.0` vs `-0.0`, which
/// `Double` itself treats as equal). `.int(1)` and `.double(1.0)` are not equal.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

// MARK: - Literal conformances

extension JSONValue: ExpressibleByNilLiteral {
    /// `let v: JSONValue = nil` is `.null`.
    ///
    /// Note: where a `JSONValue?` is expected (e.g. `object["k"] = nil`),
    /// Swift picks `Optional.none`, which removes the key. Write `.null`
    /// to store an explicit JSON null.
    @inlinable
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `let v: JSONValue = true` is `.bool(true)`.
    @inlinable
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// `let v: JSONValue = 42` is `.int(42)`.
    @inlinable
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// `let v: JSONValue = 0.5` is `.double(0.5)`.
    @inlinable
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// `let v: JSONValue = "hi"` is `.string("hi")`.
    @inlinable
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// `let v: JSONValue = [1, "two", nil]` is an `.array`.
    @inlinable
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// `let v: JSONValue = ["a": 1, "b": [true]]` is an `.object` in literal order.
    ///
    /// Repeated keys do not trap (unlike `Dictionary`): the last value wins,
    /// matching how the parser treats duplicate members.
    @inlinable
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        object.reserveCapacity(elements.count)
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

// MARK: - Debug rendering

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text, e.g. `{"a":[1,2]}`; handy in logs and test failures.
    public var description: String { encodedString() }
}
