import Testing
@testable import Crypto
import TestSupport

@Suite("Base64 (RFC 4648 §4)")
struct Base64Tests {
    // RFC 4648 §10 test vectors.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func encodes(plain: String, encoded: String) {
        #expect(Base64.encode(bytes(plain)) == encoded)
    }

    @Test(arguments: vectors)
    func decodesPaddedAndUnpadded(plain: String, encoded: String) {
        #expect(Base64.decode(encoded) == bytes(plain))
        let unpadded = String(encoded.prefix { $0 != "=" })
        #expect(Base64.decode(unpadded) == bytes(plain))
    }

    @Test func usesTheStandardAlphabet() {
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
        #expect(Base64.decode("+/+/") == [0xfb, 0xff, 0xbf])
        #expect(Base64.decode("-_-_") == nil)  // the URL alphabet is a different encoding
    }

    @Test func roundTripsEveryByte() {
        let all = (0...255).map { UInt8($0) }
        for length in 0...all.count {
            let slice = Array(all.prefix(length))
            #expect(Base64.decode(Base64.encode(slice)) == slice)
        }
    }

    @Test(arguments: [
        "Zm9v YmFy",  // whitespace
        "Zm9v\n",     // a trailing newline
        "Zg=",        // padding that does not complete a quad
        "Zg===",      // too much padding
        "Z===",       // a lone symbol before padding
        "Zm9vY",      // a lone trailing symbol (6 bits cannot be a byte)
        "Zm=9v",      // padding in the middle
        "=Zm9",       // padding first
        "Zh==",       // non-zero leftover bits: not the canonical text for any bytes
        "Zm9v!",      // a character outside the alphabet
        "Zm9vé",
    ])
    func rejects(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
