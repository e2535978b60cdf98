import Base

/// Conversions between the store's values and PostgreSQL's text protocol.
enum PostgresValue {
    /// `sql` with its parameters as PostgreSQL wants them: `?` numbered `$1`, `$2`, … in order
    /// and SQLite's `?NNN` as `$NNN`; a `?` inside a quoted literal, a quoted identifier or a
    /// comment is left alone.
    static func numberingParameters(_ sql: String) -> String {
        let characters = Array(sql)
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character? = nil
        var inComment = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            defer { index += 1 }
            if inComment {
                if character == "\n" { inComment = false }
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "-" && index + 1 < characters.count && characters[index + 1] == "-" {
                inComment = true
            } else if character == "?" {
                var digits = ""
                while index + 1 < characters.count, characters[index + 1].isASCII, characters[index + 1].isNumber {
                    digits.append(characters[index + 1])
                    index += 1
                }
                if digits.isEmpty {
                    number += 1
                    digits = String(number)
                }
                output += "$" + digits
                continue
            }
            output.append(character)
        }
        return output
    }

    /// A `bytea` column in text output (`\x` and two hex digits a byte).
    static func bytes(fromHex text: String) -> [UInt8]? {
        guard text.hasPrefix("\\x") else { return nil }
        return Hex.decode(text.dropFirst(2))
    }

    /// PostgreSQL text cannot hold NUL (SQLite's can): one becomes U+FFFD rather than make the
    /// whole write fail, again at every retry of the delivery that carried it.
    static func storableText(_ text: String) -> String {
        text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "\u{FFFD}") : text
    }
}

extension String {
    /// Every `target` replaced by `replacement` (no Foundation here).
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
