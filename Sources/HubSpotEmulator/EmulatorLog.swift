/// The executable's log line format, the same `key=value` shape the responders use:
///
/// ```
/// ts=2026-01-05T10:00:00.123Z level=info event=request component=hubspot-emulator pid=42 method=POST status=200
/// ```
///
/// Values under keys that name a credential are replaced by `[redacted]`.
public enum EmulatorLog {
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error

        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }

        var name: String { ["debug", "info", "warning", "error"][rawValue] }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    static let secretKeyFragments = ["token", "secret", "password", "authorization", "apikey", "api_key", "cookie"]

    public static func render(_ level: Level, _ event: String, _ fields: [(String, String)], pid: Int32,
                              milliseconds: Int64) -> String {
        var line = "ts=\(ISO8601.format(milliseconds: milliseconds)) level=\(level.name) event=\(quoted(event))"
        line += " component=hubspot-emulator pid=\(pid)"
        for (key, value) in fields {
            let secret = secretKeyFragments.contains { key.lowercased().contains($0) }
            line += " \(key)=\(secret ? "[redacted]" : quoted(value))"
        }
        return line + "\n"
    }

    /// Quotes values with spaces, quotes, `=` or control characters, escaping the latter so a
    /// value can never start a new line.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && !value.unicodeScalars.contains {
            $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7f
        }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\x" + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
