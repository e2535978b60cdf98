import Base

/// The raw values of an emulator's flags, from its command line and, for each flag, an
/// environment twin named after it (flags win): `--search-rate 0`, `--search-rate=0` or
/// `HUBSPOT_EMULATOR_SEARCH_RATE=0`. `--help` and `-h` ask for the usage text. The emulator's
/// options then check and convert each value.
///
/// ```swift
/// enum Flag: String, CaseIterable, Sendable { case listen, searchRate = "search-rate" }
/// let values = try CommandLineValues<Flag>(arguments: ["--listen", "127.0.0.1:0"],
///                                          environment: .current(), environmentPrefix: "HUBSPOT_EMULATOR_")
/// values[.listen]   // "127.0.0.1:0"
/// ```
///
/// A blank environment variable counts as unset; a flag given twice keeps its last value.
public struct CommandLineValues<Flag: RawRepresentable<String> & CaseIterable & Hashable & Sendable>: Sendable {
    /// Whether `--help` or `-h` was given.
    public private(set) var showHelp = false
    private var values: [Flag: String] = [:]

    public init(arguments: [String], environment: Environment, environmentPrefix: String) throws(OptionsError) {
        for flag in Flag.allCases {
            if let value = environment[Self.environmentName(of: flag, prefix: environmentPrefix)] { values[flag] = value }
        }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--help" || argument == "-h" {
                showHelp = true
                continue
            }
            guard argument.hasPrefix("--") else { throw OptionsError(message: "unexpected argument \(argument)") }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let flag = Flag(rawValue: name) else { throw OptionsError(message: "unknown option --\(name)") }
            guard let given = value ?? remaining.popFirst() else { throw OptionsError(message: "--\(name) needs a value") }
            values[flag] = given
        }
    }

    /// The flag's value, nil when neither the command line nor the environment gave one.
    public subscript(flag: Flag) -> String? { values[flag] }

    /// The environment twin of `flag`: `prefix` and the flag in capitals, `-` as `_`
    /// (`search-rate` → `HUBSPOT_EMULATOR_SEARCH_RATE`).
    public static func environmentName(of flag: Flag, prefix: String) -> String {
        prefix + flag.rawValue.uppercased().replacing("-", with: "_")
    }
}
