import Testing
@testable import JSON

/// Seeded random JSON trees: encode -> parse must give back an equal value
/// and byte-identical re-encoding (the latter also catches 0.0 vs -0.0).
@Suite("Fuzz round trip")
struct FuzzRoundTripTests {
    /// Scalars chosen to hit every encoder branch: escapes, U+2028/9, E2-led
    /// non-separators, multi-byte and astral characters, NUL.
    static let interestingScalars: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{0}", "\u{1F}",
        "\u{7F}", "é", "ß", "中", "€", "\u{2028}", "\u{2029}", "\u{2027}", "\u{FFFD}", "\u{FFFF}",
        "😀", "\u{10FFFF}", "\u{10000}",
    ]

    static func randomString(_ rng: inout SplitMix64) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            if Bool.random(using: &rng) {
                s.append(interestingScalars.randomElement(using: &rng)!)
            } else {
                // Any scalar at all; surrogate code points are not scalars, so skip them.
                var scalar: Unicode.Scalar?
                while scalar == nil { scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &rng)) }
                s.append(scalar!)
            }
        }
        return String(s)
    }

    static func randomDouble(_ rng: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return [0.0, -0.0, 1.0, -1.0, 0.1, 1e308, .leastNonzeroMagnitude, 2.5e-308, 9007199254740993.0].randomElement(using: &rng)!
        case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 2: return Double.random(in: -1...1, using: &rng)
        default:
            while true {
                let d = Double(bitPattern: rng.next())
                if d.isFinite { return d }  // inf/nan render as null by design, so they can't round-trip
            }
        }
    }

    static func randomInt(_ rng: inout SplitMix64) -> Int64 {
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return [0, 1, -1, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1].randomElement(using: &rng)!
        case 1: return Int64.random(in: -1000...1000, using: &rng)
        default: return Int64(bitPattern: rng.next())
        }
    }

    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        let kinds = depth > 0 ? 7 : 5
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(randomInt(&rng))
        case 3: return .double(randomDouble(&rng))
        case 4: return .string(randomString(&rng))
        case 5:
            return .array((0..<Int.random(in: 0...6, using: &rng)).map { _ in randomValue(&rng, depth: depth - 1) })
        default:
            var o = JSONObject()
            // Occasionally large enough to exercise the hashed index.
            let n = Int.random(in: 0...10, using: &rng) == 0 ? Int.random(in: 17...40, using: &rng) : Int.random(in: 0...6, using: &rng)
            for _ in 0..<n { o[randomString(&rng)] = randomValue(&rng, depth: depth - 1) }
            return .object(o)
        }
    }

    @Test("random trees survive encode -> parse", arguments: [1, 2, 3, 0xC0FFEE, 0xBADF00D] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let value = Self.randomValue(&rng, depth: 5)
            let bytes = value.encoded()
            #expect(String(validating: bytes, as: UTF8.self) != nil)
            let back = try parse(bytes)
            #expect(back == value)
            #expect(back.encoded() == bytes)
        }
    }

    @Test("mutated documents never crash and report in-bounds offsets", arguments: [7, 8, 9] as [UInt64])
    func mutations(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let alphabet = Array(#"{}[]",:\/-+.eE0123456789 tfnulrsa"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xED, 0xF4, 0xFF]
        for _ in 0..<300 {
            var bytes = Self.randomValue(&rng, depth: 3).encoded()
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where at < bytes.count: bytes[at] = alphabet.randomElement(using: &rng)!
                case 1 where at < bytes.count: bytes.remove(at: at)
                default: bytes.insert(alphabet.randomElement(using: &rng)!, at: at)
                }
            }
            do {
                let v = try parse(bytes)
                // Anything accepted must re-encode to something we also accept identically.
                #expect(try parse(v.encoded()).encoded() == v.encoded())
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
    }
}
