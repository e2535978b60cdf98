// Typed, non-throwing accessors: each returns nil when the value has a
// different shape, so lookups chain with `?` instead of nested `switch`es.
//
//     let v = try JSONValue(parsing: #"{"deal":{"amount":12.5,"ids":[7]}}"#)
//     v["deal"]?["amount"]?.doubleValue   // 12.5
//     v["deal"]?["ids"]?[0]?.intValue     // 7

public extension JSONValue {
    /// The string payload, only for `.string`: `JSONValue.string("x").stringValue == "x"`.
    @inlinable
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// `.int`, or a `.double` that is integral and fits `Int64`: `JSONValue.double(3.0).intValue == 3`.
    @inlinable
    var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            // Not Int64(exactly:): its trunc() call needs libm at link time,
            // which a binary that never imports Glibc won't have. The range
            // test also rejects NaN and infinities, so the truncating
            // conversion is safe, and the round trip rejects fractions.
            guard d >= -0x1p63, d < 0x1p63 else { return nil }
            let i = Int64(d)
            return Double(i) == d ? i : nil
        default: return nil
        }
    }

    /// `.int` (converted, may round beyond 2^53) or `.double`: `JSONValue.int(2).doubleValue == 2.0`.
    @inlinable
    var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The payload of `.bool` only; no truthiness for numbers or strings.
    @inlinable
    var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of an `.array`: `JSONValue.array([1, 2]).arrayValue?.count == 2`.
    @inlinable
    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an `.object`: `v.objectValue?.keys`.
    @inlinable
    var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// `true` only for `.null` (a missing member is `nil`, not null).
    @inlinable
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Member `key` of an object; nil when absent or when `self` is not an object.
    ///
    /// ```swift
    /// v["user"]?["email"]?.stringValue
    /// ```
    subscript(key: String) -> JSONValue? {
        guard case .object(let o) = self else { return nil }
        return o[key]
    }

    /// Element `index` of an array; nil when out of range or not an array.
    ///
    /// ```swift
    /// v["results"]?[0]
    /// ```
    @inlinable
    subscript(index: Int) -> JSONValue? {
        guard case .array(let a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
