import Testing
@testable import JSON

@Suite("Parsing")
struct ParsingTests {
    @Test("top-level values of every kind", arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .int(0)),
        ("-12", .int(-12)),
        ("2.5", .double(2.5)),
        (#""hi""#, .string("hi")),
        ("[]", .array([])),
        ("{}", .object([:])),
        (#"[1,"a",null,true,{"b":[]}]"#, [1, "a", nil, true, ["b": []]]),
    ] as [(String, JSONValue)])
    func values(_ text: String, _ expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test func whitespaceEverywhereRFCAllows() throws {
        let text = " \t\r\n{ \"a\" \n: [ 1 ,\t2 ] , \"b\" : { } }\r\n "
        #expect(try parse(text) == ["a": [1, 2], "b": [:]])
    }

    @Test func duplicateKeysLastWinsAtFirstPosition() throws {
        let v = try parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(v.objectValue?.keys == ["a", "b"])
        #expect(v["a"] == 3)
        #expect(v.encodedString() == #"{"a":3,"b":2}"#)
    }

    @Test func duplicateKeysInLargeObject() throws {
        // Past the index threshold, duplicates go through the hashed path.
        var text = "{"
        for i in 0..<40 { text += "\"k\(i)\":\(i)," }
        text += #""k3":"dup"}"#
        let v = try parse(text)
        #expect(v.objectValue?.count == 40)
        #expect(v["k3"] == "dup")
        #expect(v.objectValue?.keys.first == "k0")
    }

    @Test func escapedKeysAreDecoded() throws {
        let v = try parse(#"{"a\nb":1,"\u0041":2}"#)
        #expect(v["a\nb"] == 1)
        #expect(v["A"] == 2)
    }

    @Test("round trip: encode(parse(x)) == x for canonical text", arguments: [
        "null",
        "[]",
        "{}",
        #"{"z":1,"a":2,"m":[3,{"q":null}]}"#,
        #"["\u2028","\"","\\","\n","é","😀"]"#,
        "[-9223372036854775808,9223372036854775807,0.5,-0.0,1e+100,5e-324]",
        #"{"":""}"#,
        "[[[[[[[[[[1]]]]]]]]]]",
    ])
    func canonicalRoundTrip(_ text: String) throws {
        #expect(try parse(text).encodedString() == text)
    }

    @Test func valueRoundTrip() throws {
        let v: JSONValue = [
            "id": 9_007_199_254_740_993,
            "name": "Ada \"Countess\" Lovelace\n",
            "ratio": 0.1,
            "tags": ["x", "y"],
            "nested": ["deep": ["deeper": [nil, false]]],
        ]
        #expect(try parse(v.encoded()) == v)
    }

    @Test func escapedSlashDecodes() throws {
        #expect(try parse(#""a\/b""#) == "a/b")
    }

    @Test func stringsWithAndWithoutEscapesShareScratchSafely() throws {
        // The scratch buffer is reused across strings; make sure values don't bleed.
        let v = try parse(#"["a\nb","plain","c\td","\u00e9"]"#)
        #expect(v == ["a\nb", "plain", "c\td", "é"])
    }

    @Test func rawBufferWithoutCopy() throws {
        let body = Array(#"{"deal":{"amount":12.5,"ids":[7]}}"#.utf8)
        let v = try body.withUnsafeBytes { raw throws(JSONParseError) in try JSONValue(parsing: raw) }
        #expect(v["deal"]?["amount"]?.doubleValue == 12.5)
        #expect(v["deal"]?["ids"]?[0]?.intValue == 7)
    }

    @Test func emptyRawBuffer() {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(throws: JSONParseError(offset: 0, reason: "empty input")) {
            try JSONValue(parsing: empty)
        }
    }

    @Test func errorDescription() {
        let e = JSONParseError(offset: 3, reason: "unexpected character ']'")
        #expect(e.description == "JSON parse error at byte 3: unexpected character ']'")
    }
}
