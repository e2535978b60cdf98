import Testing
@testable import JSON

@Suite("Unicode")
struct UnicodeTests {
    @Test func emojiViaSurrogatePairEscape() throws {
        #expect(try parse(#""\uD83D\uDE00""#) == "😀")
        #expect(try parse(#""\ud83d\ude00""#) == "😀")  // lowercase hex
        #expect(try parse(#""a\uD83D\uDE00b""#) == "a😀b")
    }

    @Test func emojiRaw() throws {
        let text = "\"😀👩‍💻🇯🇵\""
        #expect(try parse(text) == "😀👩‍💻🇯🇵")
        #expect(JSONValue.string("😀").encoded() == [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22])
    }

    @Test("\\u escapes decode to the right scalar", arguments: [
        (#""\u0000""#, "\u{0}"),
        (#""\u0041""#, "A"),
        (#""\u00E9""#, "é"),
        (#""\u07FF""#, "\u{7FF}"),
        (#""\u0800""#, "\u{800}"),
        (#""\uFFFF""#, "\u{FFFF}"),
        (#""\uD800\uDC00""#, "\u{10000}"),
        (#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
        (#""\u2028\u2029""#, "\u{2028}\u{2029}"),
    ])
    func unicodeEscapes(_ text: String, _ expected: String) throws {
        #expect(try parse(text) == .string(expected))
    }

    @Test("valid raw UTF-8 boundary sequences are accepted", arguments: [
        [0xC2, 0x80],              // U+0080, smallest 2-byte
        [0xDF, 0xBF],              // U+07FF
        [0xE0, 0xA0, 0x80],        // U+0800, smallest 3-byte
        [0xED, 0x9F, 0xBF],        // U+D7FF, just below surrogates
        [0xEE, 0x80, 0x80],        // U+E000, just above surrogates
        [0xEF, 0xBF, 0xBF],        // U+FFFF
        [0xF0, 0x90, 0x80, 0x80],  // U+10000, smallest 4-byte
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF, largest scalar
    ] as [[UInt8]])
    func validUTF8(_ sequence: [UInt8]) throws {
        let v = try parse([0x22] + sequence + [0x22])
        #expect(v.stringValue.map { Array($0.utf8) } == sequence)
    }

    @Test("invalid raw UTF-8 is rejected at the lead byte", arguments: [
        [0x80],                    // stray continuation
        [0xBF],
        [0xC0, 0xAF],              // overlong '/'
        [0xC1, 0xBF],              // overlong
        [0xE0, 0x80, 0xAF],        // overlong 3-byte
        [0xE0, 0x9F, 0xBF],        // overlong 3-byte (max)
        [0xED, 0xA0, 0x80],        // UTF-8-encoded surrogate D800
        [0xED, 0xBF, 0xBF],        // UTF-8-encoded surrogate DFFF
        [0xF0, 0x80, 0x80, 0xAF],  // overlong 4-byte
        [0xF0, 0x8F, 0xBF, 0xBF],  // overlong 4-byte (max)
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],  // lead > F4
        [0xFF],
        [0xC3, 0x28],              // bad continuation
        [0xE2, 0x82],              // truncated before closing quote
        [0xF0, 0x9F, 0x98],        // truncated 4-byte
    ] as [[UInt8]])
    func invalidUTF8(_ sequence: [UInt8]) {
        let bytes = [0x22, 0x61] + sequence + [0x22]
        let error = parseError(bytes)
        #expect(error == JSONParseError(offset: 2, reason: "invalid UTF-8"))
    }

    @Test func invalidUTF8AlsoCaughtAfterAnEscape() {
        // Exercises the slow (escaped) path's validation too.
        let bytes: [UInt8] = [0x22, 0x5C, 0x6E, 0xED, 0xA0, 0x80, 0x22]
        #expect(parseError(bytes) == JSONParseError(offset: 3, reason: "invalid UTF-8"))
    }

    @Test func truncatedAtEndOfInput() {
        #expect(parseError([0x22, 0xE2, 0x82]) == JSONParseError(offset: 1, reason: "invalid UTF-8"))
    }

    @Test func stringEntryPointReportsByteOffsets() {
        // "é" is two bytes, so the bad escape starts at byte 3, not character 2.
        #expect(parseError("\"é\\x\"")?.offset == 3)
    }
}
