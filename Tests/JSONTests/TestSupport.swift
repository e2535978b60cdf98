@testable import JSON

// Shared helpers for the JSON tests.

/// Deterministic PRNG (SplitMix64) so fuzz failures reproduce from the seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Parses via all three public entry points and checks they agree, so every
/// test exercising `parse` also covers the String / [UInt8] / raw-buffer paths.
func parse(_ text: String, limits: JSONParseLimits = .default) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8), limits: limits)
}

func parse(_ bytes: [UInt8], limits: JSONParseLimits = .default) throws(JSONParseError) -> JSONValue {
    let viaArray = Result { () throws(JSONParseError) in try JSONValue(parsing: bytes, limits: limits) }
    let viaRaw = bytes.withUnsafeBytes { raw in
        Result { () throws(JSONParseError) in try JSONValue(parsing: raw, limits: limits) }
    }
    precondition(sameOutcome(viaArray, viaRaw), "array and raw-buffer entry points disagree")
    // Only valid UTF-8 can travel as a String without being altered.
    if let text = String(validating: bytes, as: UTF8.self) {
        let viaString = Result { () throws(JSONParseError) in try JSONValue(parsing: text, limits: limits) }
        precondition(sameOutcome(viaArray, viaString), "array and String entry points disagree")
    }
    return try viaArray.get()
}

private func sameOutcome(_ a: Result<JSONValue, JSONParseError>, _ b: Result<JSONValue, JSONParseError>) -> Bool {
    switch (a, b) {
    case (.success(let x), .success(let y)): return x.encoded() == y.encoded()
    case (.failure(let x), .failure(let y)): return x == y
    default: return false
    }
}

/// The error `parse` throws, or nil if it succeeded.
func parseError(_ bytes: [UInt8], limits: JSONParseLimits = .default) -> JSONParseError? {
    do {
        _ = try parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

func parseError(_ text: String, limits: JSONParseLimits = .default) -> JSONParseError? {
    parseError(Array(text.utf8), limits: limits)
}
