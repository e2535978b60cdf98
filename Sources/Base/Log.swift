import Glibc

/// Structured logging to stderr: one `key=value` line per event, written with a single `write(2)`
/// so lines from concurrent threads and worker processes never interleave.
///
/// ```swift
/// Log.info("worker_started", ["pid": "\(getpid())", "threads": "16"])
/// // ts=2026-11-25T12:00:00.123Z level=info event=worker_started component=contacts-health pid=4242 threads=16
/// ```
///
/// Values under keys that name a credential (token, secret, password, authorization, key, cookie)
/// are replaced by `[redacted]`: a secret must never reach a log even by mistake.
public enum Log {
    public enum Level: String, Sendable, Comparable {
        case debug, info, warning, error

        var rank: Int {
            switch self {
            case .debug: 0
            case .info: 1
            case .warning: 2
            case .error: 3
            }
        }

        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// Set once at start-up by the executable (`LOG_LEVEL`), read by every thread.
    nonisolated(unsafe) public static var minimumLevel: Level = .info
    /// The responder's name, stamped on every line.
    nonisolated(unsafe) public static var component: String = "hubspot-fcgi"

    public static func debug(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write(.debug, event, fields)
    }

    public static func info(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write(.info, event, fields)
    }

    public static func warning(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write(.warning, event, fields)
    }

    public static func error(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write(.error, event, fields)
    }

    /// Names the component on every line and reads `LOG_LEVEL` (debug, info, warning, error).
    public static func configure(component: String) {
        self.component = component
        if let level = getenv("LOG_LEVEL").flatMap({ Level(rawValue: String(cString: $0).lowercased()) }) {
            minimumLevel = level
        }
    }

    public static func write(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, String>) {
        write(level, event, fields: fields.map { (key: $0.key, value: $0.value) })
    }

    /// The same, with fields built at run time.
    public static func write(_ level: Level, _ event: String, fields: [(key: String, value: String)]) {
        guard level >= minimumLevel else { return }
        let line = LogLine.render(level: level, event: event, component: component,
                                  pid: Int(getpid()), fields: fields)
        line.withUnsafeBufferPointer { buffer in
            _ = Glibc.write(2, buffer.baseAddress, buffer.count)
        }
    }
}

/// Rendering of one log line; pure so it can be tested.
enum LogLine {
    static let secretKeyFragments = ["token", "secret", "password", "passwd", "authorization", "apikey",
                                     "api_key", "cookie", "signature"]

    static func render(level: Log.Level, event: String, component: String, pid: Int,
                       fields: [(key: String, value: String)], now: Timestamp = .now()) -> [UInt8] {
        var line = "ts=\(now.iso8601) level=\(level.rawValue) event=\(quoted(event))"
        line += " component=\(quoted(component)) pid=\(pid)"
        for (key, value) in fields {
            line += " \(key)=\(isSecret(key) ? "[redacted]" : quoted(value))"
        }
        line += "\n"
        return Array(line.utf8)
    }

    static func isSecret(_ key: String) -> Bool {
        let lower = key.lowercased()
        return secretKeyFragments.contains { lower.contains($0) }
    }

    /// Quotes a value that would otherwise break `key=value` parsing; control characters are
    /// escaped so a hostile value cannot forge a second log line.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains {
            $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7f
        }
        guard needsQuotes else { return value }
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
