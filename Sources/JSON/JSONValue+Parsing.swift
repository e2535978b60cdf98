// Public parsing entry points. All three funnel into JSONParser over a raw
// byte buffer, so there is exactly one parser implementation.

public extension JSONValue {
    /// Parses one JSON value (strict RFC 8259) from UTF-8 bytes.
    ///
    /// ```swift
    /// let v = try JSONValue(parsing: Array(#"{"ok":true}"#.utf8))
    /// ```
    init(parsing bytes: [UInt8], limits: JSONParseLimits = .default) throws(JSONParseError) {
        // withUnsafeBytes is not typed-throws, so carry the error out in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try JSONParser.parse(raw, limits: limits) }
        }
        self = try result.get()
    }

    /// Parses one JSON value from borrowed bytes (e.g. a FastCGI record body) without copying them.
    ///
    /// ```swift
    /// let v = try body.withUnsafeBytes { try JSONValue(parsing: $0) }
    /// ```
    init(parsing bytes: UnsafeRawBufferPointer, limits: JSONParseLimits = .default) throws(JSONParseError) {
        self = try JSONParser.parse(bytes, limits: limits)
    }

    /// Parses one JSON value from text; offsets in errors are UTF-8 byte offsets.
    ///
    /// ```swift
    /// let v = try JSONValue(parsing: "[1, 2.5, \"x\"]")
    /// ```
    init(parsing text: String, limits: JSONParseLimits = .default) throws(JSONParseError) {
        var text = text  // withUTF8 may need to make a bridged string contiguous
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try JSONParser.parse(UnsafeRawBufferPointer(utf8), limits: limits) }
        }
        self = try result.get()
    }
}
