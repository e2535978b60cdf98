/// `--once` and `--interval SECONDS`: how a background command runs (one pass for a timer, or a
/// loop), shared by the commands that have both.
///
/// ```swift
/// var loop = LoopOptions(interval: 60)
/// while let argument = rest.popFirst() {
///     if try loop.consume(argument, from: &rest) { continue }
///     …  // the command's own arguments
/// }
/// ```
public struct LoopOptions: Sendable {
    public var once = false
    /// Seconds between passes in loop mode.
    public var interval: Double

    public init(interval: Double) { self.interval = interval }

    /// Takes `argument` (and its value from `rest`) when it is one of these; false otherwise.
    public mutating func consume(_ argument: String, from rest: inout ArraySlice<String>) throws(ConfigurationError) -> Bool {
        switch argument {
        case "--once":
            once = true
            return true
        case "--interval":
            guard let value = rest.popFirst().flatMap(Double.init), (1...86_400).contains(value) else {
                throw ConfigurationError("--interval needs a number of seconds from 1 to 86400")
            }
            interval = value
            return true
        default:
            return false
        }
    }
}
