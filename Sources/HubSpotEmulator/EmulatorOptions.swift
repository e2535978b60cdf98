import PhoneNumbers

/// Why the command line or environment was refused; printed with the usage text.
public struct OptionsError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// `hubspot-emulator`'s settings from its flags and environment (flags win).
///
/// ```
/// hubspot-emulator --listen 127.0.0.1:0 --contacts nginx/demo/hubspot-contacts.json
/// ```
public struct EmulatorOptions: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port: UInt16 = 0
    public var contactsFile: String?
    public var companiesFile: String?
    public var searchRate = 5
    public var defaultRegion: PhoneRegion = .us
    public var fullToken = "emulator-token"
    public var readOnlyToken = "emulator-token-read-only"
    public var noScopesToken = "emulator-token-no-scopes"
    public var showHelp = false

    public static let usage = """
        usage: hubspot-emulator [--listen 127.0.0.1:PORT] [--contacts FILE] [--companies FILE]
                                [--search-rate N] [--default-region CC]

          --listen ADDR:PORT    IPv4 address and port (default 127.0.0.1:0, a free port)
          --contacts FILE       seed contacts: a JSON array of HubSpot objects
          --companies FILE      seed companies: same shape
          --search-rate N       searches per second per token (default 5; 0 = unlimited)
          --default-region CC   the account's country for searchable phone numbers (default US)

        Environment: HUBSPOT_EMULATOR_LISTEN, HUBSPOT_EMULATOR_CONTACTS, HUBSPOT_EMULATOR_COMPANIES,
        HUBSPOT_EMULATOR_SEARCH_RATE, HUBSPOT_EMULATOR_DEFAULT_REGION, and the accepted tokens
        HUBSPOT_EMULATOR_TOKEN (all scopes), HUBSPOT_EMULATOR_READONLY_TOKEN (no contact write),
        HUBSPOT_EMULATOR_NOSCOPE_TOKEN (no scopes). LOG_LEVEL=debug|info|warning|error.
        """

    public init() {}

    public init(arguments: [String], environment: [String: String]) throws(OptionsError) {
        var values: [String: String] = [:]
        let environmentNames = ["listen": "HUBSPOT_EMULATOR_LISTEN", "contacts": "HUBSPOT_EMULATOR_CONTACTS",
                                "companies": "HUBSPOT_EMULATOR_COMPANIES", "search-rate": "HUBSPOT_EMULATOR_SEARCH_RATE",
                                "default-region": "HUBSPOT_EMULATOR_DEFAULT_REGION"]
        for (flag, name) in environmentNames {
            if let value = environment[name], !value.isEmpty { values[flag] = value }
        }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--help" || argument == "-h" {
                showHelp = true
                continue
            }
            guard argument.hasPrefix("--") else { throw OptionsError(message: "unexpected argument \(argument)") }
            var flag = String(argument.dropFirst(2))
            var value: String?
            if let equals = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            guard environmentNames[flag] != nil else { throw OptionsError(message: "unknown option --\(flag)") }
            guard let given = value ?? remaining.popFirst() else {
                throw OptionsError(message: "--\(flag) needs a value")
            }
            values[flag] = given
        }

        if let listen = values["listen"] { (host, port) = try Self.address(listen) }
        contactsFile = values["contacts"]
        companiesFile = values["companies"]
        if let rate = values["search-rate"] {
            guard let n = Int(rate), n >= 0 else { throw OptionsError(message: "--search-rate must be 0 or more") }
            searchRate = n
        }
        if let code = values["default-region"] {
            guard let region = PhoneRegion(code) else {
                throw OptionsError(message: "--default-region \(code) is not a region libphonenumber knows")
            }
            defaultRegion = region
        }
        for (name, keyPath) in [("HUBSPOT_EMULATOR_TOKEN", \EmulatorOptions.fullToken),
                                ("HUBSPOT_EMULATOR_READONLY_TOKEN", \.readOnlyToken),
                                ("HUBSPOT_EMULATOR_NOSCOPE_TOKEN", \.noScopesToken)] {
            if let token = environment[name], !token.isEmpty { self[keyPath: keyPath] = token }
        }
        guard Set([fullToken, readOnlyToken, noScopesToken]).count == 3 else {
            throw OptionsError(message: "the three emulator tokens must differ")
        }
    }

    /// The emulator settings these options describe.
    public var configuration: EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.tokens = AccessToken.defaults(full: fullToken, readOnly: readOnlyToken, noScopes: noScopesToken)
        configuration.searchRatePerSecond = searchRate
        configuration.defaultRegion = defaultRegion
        return configuration
    }

    static func address(_ text: String) throws(OptionsError) -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw OptionsError(message: "--listen wants ADDRESS:PORT, e.g. 127.0.0.1:8089")
        }
        let host = String(text[..<colon])
        return (host == "localhost" || host.isEmpty ? "127.0.0.1" : host, port)
    }
}
