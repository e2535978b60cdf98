import Testing
@testable import JSON

@Suite("Limits")
struct LimitsTests {
    static func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    static func nestedObjects(_ depth: Int) -> String {
        String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    }

    @Test func defaults() {
        #expect(JSONParseLimits.default.maxDepth == 64)
        #expect(JSONParseLimits.default.maxBytes == 4 * 1024 * 1024)
    }

    @Test func depth64IsAccepted() throws {
        _ = try parse(Self.nestedArrays(64))
        _ = try parse(Self.nestedObjects(64))
    }

    @Test func depth65IsRejectedAtTheOffendingBracket() {
        #expect(parseError(Self.nestedArrays(65)) == JSONParseError(offset: 64, reason: "nesting deeper than 64"))
        // Each level of {"a": is 5 bytes, so level 65 opens at 64 * 5.
        #expect(parseError(Self.nestedObjects(65)) == JSONParseError(offset: 320, reason: "nesting deeper than 64"))
    }

    @Test func siblingsDoNotAccumulateDepth() throws {
        // Depth must be released on close, otherwise wide documents would trip the limit.
        let wide = "[" + Array(repeating: Self.nestedArrays(60), count: 100).joined(separator: ",") + "]"
        _ = try parse(wide)
    }

    @Test func customDepth() throws {
        let limits = JSONParseLimits(maxDepth: 2)
        _ = try parse("[[1]]", limits: limits)
        _ = try parse(#"{"a":[]}"#, limits: limits)
        #expect(parseError("[[[1]]]", limits: limits) == JSONParseError(offset: 2, reason: "nesting deeper than 2"))
        #expect(try parse("7", limits: JSONParseLimits(maxDepth: 0)) == 7)
        #expect(parseError("[]", limits: JSONParseLimits(maxDepth: 0))?.reason == "nesting deeper than 0")
    }

    @Test func hostileDepthFailsFast() {
        // 1M opening brackets must not blow the stack.
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(parseError(bytes)?.offset == 64)
    }

    @Test func raisedDepthLimit() throws {
        let limits = JSONParseLimits(maxDepth: 1000)
        _ = try parse(Self.nestedArrays(1000), limits: limits)
        #expect(parseError(Self.nestedArrays(1001), limits: limits)?.offset == 1000)
    }

    @Test func sizeLimit() throws {
        let limits = JSONParseLimits(maxBytes: 10)
        #expect(try parse("[1,2,3,45]", limits: limits) == [1, 2, 3, 45])  // exactly 10 bytes
        #expect(parseError("[1,2,3,4,5]", limits: limits) == JSONParseError(offset: 10, reason: "input larger than 10 bytes"))
    }

    @Test func defaultSizeLimit() throws {
        let max = JSONParseLimits.default.maxBytes
        var doc = [UInt8](repeating: UInt8(ascii: "a"), count: max)
        doc[0] = UInt8(ascii: "\"")
        doc[max - 1] = UInt8(ascii: "\"")
        #expect(try parse(doc).stringValue?.utf8.count == max - 2)
        doc.append(UInt8(ascii: " "))
        #expect(parseError(doc)?.offset == max)
    }
}
