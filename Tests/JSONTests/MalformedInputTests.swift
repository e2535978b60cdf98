import Testing
@testable import JSON

/// Each case names the exact offset and (a fragment of) the reason we promise.
struct Malformed: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var offset: Int
    var reason: String

    init(_ text: String, _ offset: Int, _ reason: String) {
        self.init(Array(text.utf8), offset, reason)
    }

    init(_ bytes: [UInt8], _ offset: Int, _ reason: String) {
        self.bytes = bytes
        self.offset = offset
        self.reason = reason
    }

    var testDescription: String {
        String(validating: bytes, as: UTF8.self).map { "\($0.debugDescription)" } ?? "\(bytes)"
    }
}

@Suite("Malformed input")
struct MalformedInputTests {
    static let cases: [Malformed] = [
        // Empty / truncated
        Malformed("", 0, "empty input"),
        Malformed("   ", 3, "unexpected end of input"),
        Malformed("[", 1, "unexpected end of input"),
        Malformed("{", 1, "unexpected end of input"),
        Malformed(#"{"a":"#, 5, "unexpected end of input"),
        Malformed("[1,", 3, "unexpected end of input"),
        Malformed("tru", 3, "unexpected end of input"),
        // Numbers
        Malformed("01", 0, "leading zeros are not allowed"),
        Malformed("-01", 1, "leading zeros are not allowed"),
        Malformed("+1", 0, "unexpected character '+'"),
        Malformed(".5", 0, "unexpected character '.'"),
        Malformed("1.", 2, "expected digit after '.'"),
        Malformed("1.e5", 2, "expected digit after '.'"),
        Malformed("1e", 2, "expected digit in exponent"),
        Malformed("1e+", 3, "expected digit in exponent"),
        Malformed("-", 1, "expected digit"),
        Malformed("-a", 1, "expected digit"),
        Malformed("NaN", 0, "unexpected character 'N'"),
        Malformed("Infinity", 0, "unexpected character 'I'"),
        Malformed("-Infinity", 1, "expected digit"),
        Malformed("0x10", 1, "trailing characters after the value"),
        Malformed("1e400", 0, "number out of range"),
        // Literals
        Malformed("trUe", 2, "invalid literal (expected 'true')"),
        Malformed("nul1", 3, "invalid literal (expected 'null')"),
        Malformed("False", 0, "unexpected character 'F'"),
        Malformed("truex", 4, "trailing characters after the value"),
        // Arrays
        Malformed("[1,]", 3, "unexpected character ']'"),
        Malformed("[,1]", 1, "unexpected character ','"),
        Malformed("[1 2]", 3, "expected ',' or ']' after array element"),
        Malformed("[1}", 2, "expected ',' or ']' after array element"),
        // Objects
        Malformed(#"{"a":1,}"#, 7, "expected '\"' to begin an object key"),
        Malformed("{a:1}", 1, "expected '\"' to begin an object key"),
        Malformed("{'a':1}", 1, "expected '\"' to begin an object key"),
        Malformed(#"{"a" 1}"#, 5, "expected ':' after object key"),
        Malformed(#"{"a"}"#, 4, "expected ':' after object key"),
        Malformed(#"{"a":1 "b":2}"#, 7, "expected ',' or '}' after object member"),
        Malformed(#"{"a":1]"#, 6, "expected ',' or '}' after object member"),
        Malformed(#"{1:2}"#, 1, "expected '\"' to begin an object key"),
        // Strings
        Malformed(#""abc"#, 0, "unterminated string"),
        Malformed(#"["a\"]"#, 1, "unterminated string"),
        Malformed(#""\"#, 0, "unterminated string"),
        Malformed(#""a\qb""#, 2, "invalid escape sequence"),
        Malformed(#""\x41""#, 1, "invalid escape sequence"),
        Malformed(#""\u12""#, 1, "invalid \\u escape"),
        Malformed(#""\u12G4""#, 1, "invalid \\u escape"),
        Malformed(#""\uD83D""#, 1, "lone surrogate in \\u escape"),
        Malformed(#""\uDE00""#, 1, "lone surrogate in \\u escape"),
        Malformed(#""\uD83D\u0041""#, 1, "lone surrogate in \\u escape"),
        Malformed(#""\uD83Dx""#, 1, "lone surrogate in \\u escape"),
        Malformed(#""\uD83D\uZZZZ""#, 7, "invalid \\u escape"),
        Malformed("\"a\tb\"", 2, "unescaped control character 0x09 in string"),
        Malformed("\"a\nb\"", 2, "unescaped control character 0x0A in string"),
        Malformed("\"\u{0}\"", 1, "unescaped control character 0x00 in string"),
        Malformed("'a'", 0, "unexpected character '''"),
        Malformed([0x22, 0xC0, 0xAF, 0x22], 1, "invalid UTF-8"),
        Malformed([0x22, 0xED, 0xA0, 0x80, 0x22], 1, "invalid UTF-8"),
        // Top level
        Malformed("1 2", 2, "trailing characters after the value"),
        Malformed("[]]", 2, "trailing characters after the value"),
        Malformed("{}x", 2, "trailing characters after the value"),
        Malformed("[1]\u{0}", 3, "trailing characters after the value"),
        Malformed([0xEF, 0xBB, 0xBF, 0x31], 0, "unexpected byte 0xEF"),      // BOM is not whitespace
        Malformed("\u{A0}1", 0, "unexpected byte 0xC2"),                     // NBSP is not whitespace
        Malformed("\u{0C}1", 0, "unexpected byte 0x0C"),                     // form feed is not whitespace
        Malformed("/* c */ 1", 0, "unexpected character '/'"),
        Malformed("undefined", 0, "unexpected character 'u'"),
    ]

    @Test("rejected with offset and reason", arguments: cases)
    func rejected(_ c: Malformed) throws {
        let error = try #require(parseError(c.bytes))
        #expect(error.offset == c.offset)
        #expect(error.reason == c.reason)
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.cases.count >= 25)
    }

    @Test func truncationsOfValidDocumentsAlwaysFailWithinBounds() {
        let doc = Array(#"{"a":[1,-2.5e3,"x\u00e9\n😀",true,false,null],"b":{}}"#.utf8)
        for n in 0..<doc.count {
            let prefix = Array(doc[..<n])
            guard let error = parseError(prefix) else {
                // Only a complete number can be a valid prefix here, and none is at top level.
                Issue.record("prefix of length \(n) unexpectedly parsed")
                continue
            }
            #expect(error.offset >= 0 && error.offset <= n)
        }
    }
}
