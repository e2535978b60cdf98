import Glibc

/// The process environment as a value, so configuration parsing is testable with a dictionary.
public struct Environment: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The environment of this process.
    public static func current() -> Environment {
        var values: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return Environment(values)
    }

    /// The value of `name`, nil when unset or blank.
    public subscript(name: String) -> String? {
        guard let value = values[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// A number of milliseconds/seconds/… with bounds; a bad value is a configuration error that
    /// names the variable (values of these variables are never secret).
    /// A `0`/`1` switch; unset is `fallback`; anything else is a configuration error naming it.
    public func flag(_ name: String, default fallback: Bool = false) throws(ConfigurationError) -> Bool {
        switch self[name] {
        case nil, "": return fallback
        case "0": return false
        case "1": return true
        default: throw ConfigurationError("\(name) must be 0 or 1")
        }
    }

    public func number(_ name: String, default fallback: Double, in range: ClosedRange<Double>)
        throws(ConfigurationError) -> Double
    {
        guard let text = self[name] else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw ConfigurationError("\(name) must be a number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }
}

/// A setting the process cannot run with; the responder exits with code 78 and this message.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    /// The text without leading and trailing Unicode whitespace (no Foundation here).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
