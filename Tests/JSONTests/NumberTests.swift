import Testing
@testable import JSON

@Suite("Numbers")
struct NumberTests {
    @Test("integer literals that fit Int64 stay exact", arguments: [
        ("0", Int64(0)),
        ("-0", Int64(0)),  // an integer literal, so .int; use -0.0 to keep the sign
        ("1", 1),
        ("-1", -1),
        ("42", 42),
        ("9007199254740993", 9_007_199_254_740_993),  // 2^53 + 1: not representable as Double
        ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min),
        ("-9223372036854775807", Int64.min + 1),
    ])
    func integers(_ text: String, _ expected: Int64) throws {
        #expect(try parse(text) == .int(expected))
    }

    @Test("fractions, exponents and Int64 overflow become .double", arguments: [
        ("9223372036854775808", 9223372036854775808.0),     // Int64.max + 1
        ("-9223372036854775809", -9223372036854775809.0),   // Int64.min - 1
        ("18446744073709551616", 18446744073709551616.0),   // overflows UInt64 too
        ("123456789012345678901234567890", 1.2345678901234568e29),
        ("1.0", 1.0),
        ("-0.0", -0.0),
        ("0.5", 0.5),
        ("1e308", 1e308),
        ("1.7976931348623157e308", Double.greatestFiniteMagnitude),
        ("-1.7976931348623157e308", -Double.greatestFiniteMagnitude),
        ("5e-324", Double.leastNonzeroMagnitude),
        ("1e-400", 0.0),                                     // underflow is fine
        ("1e5", 100000.0),
        ("1E5", 100000.0),
        ("1e+5", 100000.0),
        ("1e-5", 0.00001),
        ("1.5E-3", 0.0015),
        ("0e0", 0.0),
        ("-0e-0", -0.0),
        ("1e0001", 10.0),                                    // leading zeros in exponent are legal
        ("0.1", 0.1),
        ("3.141592653589793", 3.141592653589793),
    ])
    func doubles(_ text: String, _ expected: Double) throws {
        let v = try parse(text)
        guard case .double(let d) = v else {
            Issue.record("expected .double, got \(v)")
            return
        }
        #expect(d == expected)
        #expect(d.sign == expected.sign)
    }

    @Test("values too large for Double are rejected, not turned into inf", arguments: [
        "1e309", "-1e309", "1e400", "123e99999999999999999999",
    ])
    func outOfRange(_ text: String) {
        #expect(parseError(text) == JSONParseError(offset: 0, reason: "number out of range"))
    }

    @Test func negativeZeroRoundTrips() throws {
        let text = JSONValue.double(-0.0).encodedString()
        #expect(text == "-0.0")
        let back = try parse(text)
        #expect(back.doubleValue?.sign == .minus)
    }

    @Test func numbersInsideContainersStopAtDelimiters() throws {
        #expect(try parse("[1,-2,3.5e1,0]") == [1, -2, 35.0, 0])
        #expect(try parse(#"{"a":-0.25}"#) == ["a": -0.25])
    }

    @Test func doubleRoundTripIsBitExact() throws {
        var rng = SplitMix64(seed: 0xD0B1E)
        for _ in 0..<2000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            let back = try parse(JSONValue.double(d).encoded())
            #expect(back.doubleValue?.bitPattern == d.bitPattern)
        }
    }

    @Test func intRoundTripAcrossMagnitudes() throws {
        var rng = SplitMix64(seed: 42)
        for shift in 0..<64 {
            let i = Int64(bitPattern: rng.next()) >> Int64(shift)
            #expect(try parse(JSONValue.int(i).encoded()) == .int(i))
        }
    }
}
