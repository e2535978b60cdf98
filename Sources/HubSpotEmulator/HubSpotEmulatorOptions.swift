import Base
import EmulatorSupport
import PhoneNumbers

/// `hubspot-emulator`'s settings from its flags and environment (flags win).
///
/// ```
/// hubspot-emulator --listen 127.0.0.1:0 --contacts nginx/demo/hubspot-contacts.json
/// ```
public struct HubSpotEmulatorOptions: EmulatorCommandLine, Sendable, Equatable {
    public var listen = ListenAddress.anyLoopbackPort
    public var contactsFile: String?
    public var companiesFile: String?
    public var searchRate = 5
    public var defaultRegion: PhoneRegion = .us
    /// The profile the behaviour started from, and the behaviour after the individual settings.
    public var profile = EmulatorProfile.fast
    public var behaviour = AccountBehaviour()
    public var fullToken = "emulator-token"
    public var readOnlyToken = "emulator-token-read-only"
    public var noScopesToken = "emulator-token-no-scopes"
    /// Where changes go as webhooks (`--webhook-url`); nil: recorded only.
    public var webhookURL: String?
    /// From `HUBSPOT_EMULATOR_WEBHOOK_SECRET` only, so it never shows in `ps`.
    public var webhookSecret: Secret?
    public var caFile: String?
    public var webhookSignatures = WebhookSignatures.both
    public var webhookRetryDelays = HubSpotWebhookTarget.defaultRetryDelays
    public var webhookBatchWindow = Duration.milliseconds(100)
    public var showHelp = false

    public static let usage = """
        usage: hubspot-emulator [--listen 127.0.0.1:PORT] [--contacts FILE] [--companies FILE]
                                [--search-rate N] [--default-region CC] [--profile fast|realistic]
                                [--latency MS[,P99MS]] [--random-seed N] [--phone-region account|contact]
                                [--calculated-phone-in works|400|empty] [--ten-secondly-limit N]
                                [--retry-after with|without] [--duplicate-email 409|400|hubspot]
                                [--communication-index-lag-ms MS] [--webhook-url URL] [--ca-file FILE]
                                [--webhook-signatures v3|v1|both] [--webhook-retry-ms MS,MS,…|none]
                                [--webhook-batch-ms MS] [--webhook-duplicate-percent P]
                                [--webhook-reorder on|off]

          --listen ADDR:PORT    IPv4 address and port (default 127.0.0.1:0, a free port)
          --contacts FILE       seed contacts: a JSON array of HubSpot objects
          --companies FILE      seed companies: same shape
          --search-rate N       searches per second per token (default 5; 0 = unlimited); over it:
                                429 policyName SECONDLY
          --default-region CC   the account's country for searchable phone numbers (default US)
          --profile P           defaults for the settings below: fast (default) answers at once and
                                forgives; realistic behaves like HubSpot (values in brackets)
          --latency MS[,P99MS]  per-call latency, log-normal with median MS and 99th percentile
                                P99MS (default 4 x MS); 0 = none (fast: 0; realistic: 250,1000)
          --random-seed N       seed of the latency draws, for repeatable runs (default 1)
          --phone-region R      where calculated phone properties read numbers without a country
                                code: account (the default region; fast) or contact (the contact's
                                hs_country_region_code, else the default region, and also
                                hs_calculated_phone_number / _mobile_number in E.164; realistic)
          --calculated-phone-in B
                                IN on hs_searchable_calculated_* / hs_calculated_*: works (both),
                                400 (VALIDATION_ERROR) or empty (matches nothing)
          --ten-secondly-limit N
                                non-search calls per token in a rolling 10 s, then 429 policyName
                                TEN_SECONDLY_ROLLING (fast: 0 = unlimited; realistic: 100)
          --retry-after W       whether 429s carry Retry-After: with or without (both: without)
          --duplicate-email D   create with another contact's email: 409 (CONFLICT, Existing ID;
                                fast), 400 (VALIDATION_ERROR naming the contact) or hubspot (400
                                for a secondary email in hs_additional_emails, else 409; realistic)
          --communication-index-lag-ms MS
                                time before a new communication shows in search (fast: 0;
                                realistic: 2000)
          --webhook-url URL     where contact and company changes go as HubSpot webhooks, e.g.
                                https://127.0.0.1:8443/api/webhooks/hubspot (needs
                                HUBSPOT_EMULATOR_WEBHOOK_SECRET); none: recorded only
          --ca-file FILE        PEM CA bundle to trust for an https webhook URL
          --webhook-signatures S
                                signature headers: v3, v1 or both (default both)
          --webhook-retry-ms L  waits before each retry of a delivery the target did not take
                                (non-2xx, timeout, no connection), up to 20, +0-20 % at random
                                (default 1000,2000,…,512000: HubSpot's 10 retries, compressed);
                                none: no retry
          --webhook-batch-ms MS events within MS of the first go out in one request of at most
                                100 (default 100)
          --webhook-duplicate-percent P
                                percent of delivered requests sent again (fast: 0; realistic: 5)
          --webhook-reorder R   on: events in a request are shuffled (fast: off; realistic: on)

        Environment: HUBSPOT_EMULATOR_LISTEN, HUBSPOT_EMULATOR_CONTACTS, HUBSPOT_EMULATOR_COMPANIES,
        HUBSPOT_EMULATOR_SEARCH_RATE, HUBSPOT_EMULATOR_DEFAULT_REGION, HUBSPOT_EMULATOR_PROFILE,
        HUBSPOT_EMULATOR_LATENCY, HUBSPOT_EMULATOR_RANDOM_SEED, HUBSPOT_EMULATOR_PHONE_REGION,
        HUBSPOT_EMULATOR_CALCULATED_PHONE_IN, HUBSPOT_EMULATOR_TEN_SECONDLY_LIMIT,
        HUBSPOT_EMULATOR_RETRY_AFTER, HUBSPOT_EMULATOR_DUPLICATE_EMAIL,
        HUBSPOT_EMULATOR_COMMUNICATION_INDEX_LAG_MS, HUBSPOT_EMULATOR_WEBHOOK_URL, HUBSPOT_EMULATOR_CA_FILE,
        HUBSPOT_EMULATOR_WEBHOOK_SIGNATURES, HUBSPOT_EMULATOR_WEBHOOK_RETRY_MS, HUBSPOT_EMULATOR_WEBHOOK_BATCH_MS,
        HUBSPOT_EMULATOR_WEBHOOK_DUPLICATE_PERCENT, HUBSPOT_EMULATOR_WEBHOOK_REORDER (flags win); from the
        environment only, HUBSPOT_EMULATOR_WEBHOOK_SECRET (the app's client secret); and the accepted
        tokens HUBSPOT_EMULATOR_TOKEN (all scopes), HUBSPOT_EMULATOR_READONLY_TOKEN (no contact
        write), HUBSPOT_EMULATOR_NOSCOPE_TOKEN (no scopes). LOG_LEVEL=debug|info|warning|error.
        While running, GET/POST/DELETE /__emulator/behaviour reads and changes the latency, IN,
        limit, Retry-After, duplicate, index-lag, label, merge and webhook settings.
        """

    public init() {}

    /// The flags; each has an environment twin, `HUBSPOT_EMULATOR_` and the flag in capitals.
    enum Flag: String, CaseIterable, Sendable {
        case listen, contacts, companies, profile, latency
        case searchRate = "search-rate", defaultRegion = "default-region", randomSeed = "random-seed"
        case phoneRegion = "phone-region", calculatedPhoneIN = "calculated-phone-in"
        case tenSecondlyLimit = "ten-secondly-limit", retryAfter = "retry-after", duplicateEmail = "duplicate-email"
        case communicationIndexLagMs = "communication-index-lag-ms", webhookURL = "webhook-url", caFile = "ca-file"
        case webhookSignatures = "webhook-signatures", webhookRetryMs = "webhook-retry-ms"
        case webhookBatchMs = "webhook-batch-ms", webhookDuplicatePercent = "webhook-duplicate-percent"
        case webhookReorder = "webhook-reorder"
    }

    public init(arguments: [String], environment: Environment) throws(OptionsError) {
        let values = try CommandLineValues<Flag>(arguments: arguments, environment: environment,
                                                 environmentPrefix: "HUBSPOT_EMULATOR_")
        showHelp = values.showHelp
        if let text = values[.listen] { listen = try ListenAddress(parsing: text, example: "127.0.0.1:8089") }
        contactsFile = values[.contacts]
        companiesFile = values[.companies]
        if let rate = values[.searchRate] {
            guard let n = Int(rate), n >= 0 else { throw OptionsError(message: "--search-rate must be 0 or more") }
            searchRate = n
        }
        if let code = values[.defaultRegion] {
            guard let region = PhoneRegion(code) else {
                throw OptionsError(message: "--default-region \(code) is not a region libphonenumber knows")
            }
            defaultRegion = region
        }
        try readBehaviour(values)
        try readWebhooks(values, environment: environment)
        for (name, keyPath) in [("HUBSPOT_EMULATOR_TOKEN", \HubSpotEmulatorOptions.fullToken),
                                ("HUBSPOT_EMULATOR_READONLY_TOKEN", \.readOnlyToken),
                                ("HUBSPOT_EMULATOR_NOSCOPE_TOKEN", \.noScopesToken)] {
            if let token = environment[name] { self[keyPath: keyPath] = token }
        }
        guard Set([fullToken, readOnlyToken, noScopesToken]).count == 3 else {
            throw OptionsError(message: "the three emulator tokens must differ")
        }
    }

    /// The emulator settings these options describe.
    public var configuration: HubSpotEmulatorConfiguration {
        var configuration = HubSpotEmulatorConfiguration()
        configuration.tokens = AccessToken.defaults(full: fullToken, readOnly: readOnlyToken, noScopes: noScopesToken)
        configuration.searchRatePerSecond = searchRate
        configuration.defaultRegion = defaultRegion
        configuration.behaviour = behaviour
        configuration.webhook = webhookTarget
        return configuration
    }

    /// The profile first, then each individual setting on top of it.
    private mutating func readBehaviour(_ values: CommandLineValues<Flag>) throws(OptionsError) {
        if let name = values[.profile] {
            guard let chosen = EmulatorProfile(rawValue: name) else {
                throw OptionsError(message: "--profile must be fast or realistic")
            }
            profile = chosen
        }
        behaviour = AccountBehaviour(profile: profile)
        if let text = values[.latency] {
            guard let latency = LatencyDistribution(text: text) else {
                throw OptionsError(message: "--latency wants MS or MS,P99MS (0…\(LatencyDistribution.maxMs), "
                    + "P99MS at least MS), e.g. 250,1000; 0 for none")
            }
            behaviour.latency = latency
        }
        if let text = values[.randomSeed] {
            guard let seed = Int64(text), seed >= 0 else { throw OptionsError(message: "--random-seed must be 0 or more") }
            behaviour.randomSeed = UInt64(seed)
        }
        if let text = values[.phoneRegion] {
            guard let source = PhoneRegionSource(rawValue: text) else {
                throw OptionsError(message: "--phone-region must be account or contact")
            }
            behaviour.phoneRegion = source
        }
        if let text = values[.calculatedPhoneIN] {
            guard let choice = CalculatedPhoneIN(rawValue: text) else {
                throw OptionsError(message: "--calculated-phone-in must be works, 400 or empty")
            }
            behaviour.calculatedPhoneIN = choice
        }
        if let text = values[.tenSecondlyLimit] {
            guard let n = Int(text), (0...100_000).contains(n) else {
                throw OptionsError(message: "--ten-secondly-limit must be 0 (unlimited)…100000")
            }
            behaviour.tenSecondlyLimit = n
        }
        if let text = values[.retryAfter] {
            guard text == "with" || text == "without" else {
                throw OptionsError(message: "--retry-after must be with or without")
            }
            behaviour.retryAfter = text == "with"
        }
        if let text = values[.duplicateEmail] {
            guard let choice = DuplicateEmailAnswer(rawValue: text) else {
                throw OptionsError(message: "--duplicate-email must be 409, 400 or hubspot")
            }
            behaviour.duplicateEmail = choice
        }
        if let text = values[.communicationIndexLagMs] {
            guard let ms = Int(text), (0...600_000).contains(ms) else {
                throw OptionsError(message: "--communication-index-lag-ms must be 0…600000")
            }
            behaviour.communicationIndexLagMs = ms
        }
        if let text = values[.webhookDuplicatePercent] {
            guard let percent = Int(text), (0...100).contains(percent) else {
                throw OptionsError(message: "--webhook-duplicate-percent must be 0…100")
            }
            behaviour.webhookDuplicatePercent = percent
        }
        if let text = values[.webhookReorder] {
            guard text == "on" || text == "off" else { throw OptionsError(message: "--webhook-reorder must be on or off") }
            behaviour.webhookReorder = text == "on"
        }
    }
}
