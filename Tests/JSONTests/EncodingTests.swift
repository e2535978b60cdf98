import Testing
@testable import JSON

@Suite("Encoding")
struct EncodingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var value: JSONValue
        var json: String
        var testDescription: String { json }
    }

    @Test("scalars and containers render compactly", arguments: [
        Case(value: .null, json: "null"),
        Case(value: .bool(true), json: "true"),
        Case(value: .bool(false), json: "false"),
        Case(value: .int(0), json: "0"),
        Case(value: .int(7), json: "7"),
        Case(value: .int(-7), json: "-7"),
        Case(value: .int(1234567890), json: "1234567890"),
        Case(value: .int(Int64.max), json: "9223372036854775807"),
        Case(value: .int(Int64.min), json: "-9223372036854775808"),
        Case(value: .string(""), json: #""""#),
        Case(value: .array([]), json: "[]"),
        Case(value: .object([:]), json: "{}"),
        Case(value: [1, [2, [3]], [:]], json: "[1,[2,[3]],{}]"),
        Case(value: ["a": nil, "b": [true, false], "c": ["d": "e"]],
             json: #"{"a":null,"b":[true,false],"c":{"d":"e"}}"#),
    ])
    func structure(_ c: Case) {
        #expect(c.value.encodedString() == c.json)
        #expect(c.value.encoded() == Array(c.json.utf8))
    }

    @Test("doubles use shortest round-trip form and never inf/nan", arguments: [
        (0.5, "0.5"),
        (1.0, "1.0"),
        (-2.0, "-2.0"),
        (-0.0, "-0.0"),
        (0.1, "0.1"),
        (1e100, "1e+100"),
        (1e-7, "1e-07"),
        (123456.789, "123456.789"),
        (9007199254740991.0, "9007199254740991.0"),
        (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        (Double.leastNonzeroMagnitude, "5e-324"),
        (Double.infinity, "null"),
        (-Double.infinity, "null"),
        (Double.nan, "null"),
    ])
    func doubles(_ value: Double, _ json: String) throws {
        #expect(JSONValue.double(value).encodedString() == json)
        // Whatever we emit must be accepted by our own strict parser.
        _ = try parse(json)
    }

    @Test("every escape", arguments: [
        ("\"", #""\"""#),
        ("\\", #""\\""#),
        ("\u{08}", #""\b""#),
        ("\u{0C}", #""\f""#),
        ("\n", #""\n""#),
        ("\r", #""\r""#),
        ("\t", #""\t""#),
        ("\u{00}", #""\u0000""#),
        ("\u{01}", #""\u0001""#),
        ("\u{0B}", #""\u000b""#),
        ("\u{1F}", #""\u001f""#),
        ("\u{2028}", #""\u2028""#),
        ("\u{2029}", #""\u2029""#),
        ("/", #""/""#),                      // deliberately not escaped
        ("\u{7F}", "\"\u{7F}\""),            // DEL is legal raw
        ("é中😀", "\"é中😀\""),             // non-ASCII passes through as UTF-8
        ("\u{2027}\u{202A}", "\"\u{2027}\u{202A}\""),  // neighbours of 2028/2029 stay raw
        ("a\"b\\c\nd", #""a\"b\\c\nd""#),
    ])
    func escapes(_ input: String, _ expected: String) throws {
        #expect(JSONValue.string(input).encodedString() == expected)
        #expect(try parse(expected) == .string(input))
    }

    @Test func allControlCharactersEscaped() throws {
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        let bytes = JSONValue.string(controls).encoded()
        #expect(!bytes.contains { $0 < 0x20 })
        #expect(try parse(bytes) == .string(controls))
    }

    @Test func appendQuotedAppendsWithoutClobbering() {
        var buffer = Array("x=".utf8)
        JSONString.appendQuoted("a\u{2028}b", to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"x="a\u2028b""#)
    }

    @Test func appendQuotedHandlesE2PrefixedNonSeparators() {
        // U+20AC (€) is E2 82 AC: shares the lead byte with U+2028 but must pass through.
        var buffer: [UInt8] = []
        JSONString.appendQuoted("€\u{2028}€", to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "\"€\\u2028€\"")
    }

    @Test func encodeIntoAppends() {
        var buffer = Array("data: ".utf8)
        JSONValue.array([1, "x"]).encode(into: &buffer)
        JSONValue.null.encode(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"data: [1,"x"]null"#)
    }

    @Test func objectKeysAreEscaped() {
        let v: JSONValue = ["a\"b": 1, "\n": 2]
        #expect(v.encodedString() == #"{"a\"b":1,"\n":2}"#)
    }

    @Test func largeStringEncodesLinearly() throws {
        // Many escaped strings into one buffer: guards against per-append exact reservation.
        let item = JSONValue.string(String(repeating: "ab\"\n", count: 50))
        let big = JSONValue.array(Array(repeating: item, count: 20_000))
        let bytes = big.encoded()
        #expect(bytes.count == 20_000 * (2 + 50 * 6) + 20_000 - 1 + 2)
        #expect(try parse(bytes, limits: JSONParseLimits(maxBytes: bytes.count)) == big)
    }

    @Test func descriptionIsCompactJSON() {
        let v: JSONValue = ["k": [1, 2.5]]
        #expect(v.description == #"{"k":[1,2.5]}"#)
        #expect(v.objectValue?.description == #"{"k":[1,2.5]}"#)
    }
}
