/// Word tokens and wildcard patterns, the emulator's stand-in for HubSpot's search index.
///
/// A value's tokens are its whitespace-separated words (lowercased, punctuation kept, so an
/// email address is one token) plus the letter/digit runs inside each word. Phone properties add
/// each word's digits, the value's digits and its searchable national number, so `(902) 555-1234`
/// has the tokens `(902)`, `555-1234`, `902`, `555`, `1234`, `5551234` and `9025551234`.
///
/// ```swift
/// Tokens.words(of: "John.Smith@Example.com")   // ["john.smith@example.com", "john", "smith", "example", "com"]
/// Tokens.glob("*@example.com", matches: "john.smith@example.com")   // true
/// ```
enum Tokens {
    /// Whitespace-separated words and their alphanumeric pieces, lowercased, without duplicates.
    static func words(of text: String) -> [String] {
        var tokens: [String] = []
        for word in text.lowercased().split(whereSeparator: \.isWhitespace) {
            append(String(word), to: &tokens)
            let pieces = word.split { !($0.isLetter || $0.isNumber) }
            if pieces.count > 1 || pieces.first.map({ $0.count != word.count }) == true {
                for piece in pieces { append(String(piece), to: &tokens) }
            }
        }
        return tokens
    }

    /// Only the ASCII digits of `text` (after mapping other decimal digits), e.g. `9025551234`.
    static func digits(of text: String) -> String {
        String(text.compactMap { $0.isNumber ? $0.wholeNumberValue.flatMap { (0...9).contains($0) ? Character(String($0)) : nil } : nil })
    }

    /// True when `text` is made of digits and phone punctuation (`+ - . ( ) /` and spaces)
    /// with at least one digit: the query word is compared as a number, not as text.
    static func looksLikePhoneDigits(_ text: String) -> Bool {
        text.contains(where: \.isNumber) && text.allSatisfy { $0.isNumber || "+-.()/ ".contains($0) }
    }

    /// Shell-style match where `*` is any run of characters (case must already be folded).
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, resume = 0
        while ti < t.count {
            if pi < p.count, p[pi] != "*", p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                resume = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                resume += 1
                ti = resume
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    private static func append(_ token: String, to tokens: inout [String]) {
        if !token.isEmpty, !tokens.contains(token) { tokens.append(token) }
    }
}
