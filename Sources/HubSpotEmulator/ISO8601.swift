/// HubSpot's timestamp spellings, without Foundation: datetime values travel as ISO 8601 UTC
/// with milliseconds (`2024-03-05T14:07:09.123Z`); filters may also give epoch milliseconds or a
/// plain date.
///
/// ```swift
/// ISO8601.format(milliseconds: 0)               // "1970-01-01T00:00:00.000Z"
/// ISO8601.milliseconds(from: "2024-03-05")      // 1709596800000
/// ISO8601.milliseconds(from: "1709596800000")   // 1709596800000
/// ```
enum ISO8601 {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds.
    static func format(milliseconds: Int64) -> String {
        let (days, msOfDay) = floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let hour = msOfDay / 3_600_000, minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60, millis = msOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2))"
            + ":\(pad(second, 2)).\(pad(millis, 3))Z"
    }

    /// Epoch milliseconds for a datetime value: an integer (epoch ms), a date `YYYY-MM-DD`
    /// (midnight UTC), or `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH:MM`, `±HHMM` or no zone (UTC).
    /// nil when the text is none of these.
    static func milliseconds(from text: String) -> Int64? {
        let bytes = Array(text.utf8)
        if let first = bytes.first, first == UInt8(ascii: "-") || isDigit(first),
           bytes.dropFirst().allSatisfy(isDigit), bytes.count <= 18 {
            return Int64(text)  // nil for a lone "-"
        }
        var reader = Reader(bytes: bytes)
        guard let year = reader.number(4), reader.expect("-"), let month = reader.number(2), reader.expect("-"),
              let day = reader.number(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var ms = days(fromCivil: year, month, day) * 86_400_000
        if reader.atEnd { return ms }
        guard reader.expect("T") || reader.expect(" "), let hour = reader.number(2), reader.expect(":"),
              let minute = reader.number(2), hour < 24, minute < 60 else { return nil }
        ms += Int64(hour) * 3_600_000 + Int64(minute) * 60_000
        if reader.expect(":") {
            guard let second = reader.number(2), second < 60 else { return nil }
            ms += Int64(second) * 1000
            if reader.expect(".") {
                var digits = 0, fraction: Int64 = 0
                while let digit = reader.digit() {
                    if digits < 3 { fraction = fraction * 10 + Int64(digit) }
                    digits += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 3) { fraction *= 10 }
                ms += fraction
            }
        }
        if reader.atEnd || (reader.expect("Z") && reader.atEnd) { return ms }
        guard let sign = reader.sign(), let offsetHours = reader.number(2) else { return nil }
        _ = reader.expect(":")
        guard let offsetMinutes = reader.number(2), reader.atEnd, offsetHours < 24, offsetMinutes < 60 else {
            return nil
        }
        return ms - sign * (Int64(offsetHours) * 3_600_000 + Int64(offsetMinutes) * 60_000)
    }

    // MARK: - Calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days)

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var atEnd: Bool { index == bytes.count }

        mutating func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            index += 1
            return Int(bytes[index - 1] - 0x30)
        }

        mutating func number(_ width: Int) -> Int? {
            var value = 0
            for _ in 0..<width {
                guard let d = digit() else { return nil }
                value = value * 10 + d
            }
            return value
        }

        mutating func sign() -> Int64? {
            if expect("+") { return 1 }
            if expect("-") { return -1 }
            return nil
        }
    }
}
