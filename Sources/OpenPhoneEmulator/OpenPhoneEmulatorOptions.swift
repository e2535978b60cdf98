import Base
import EmulatorSupport
import OpenPhone

/// `openphone-emulator`'s settings from its flags and environment (flags win). The API key and
/// the webhook secret come from the environment only, so they never show in `ps`.
///
/// ```
/// OPENPHONE_EMULATOR_WEBHOOK_SECRET=… openphone-emulator --listen 127.0.0.1:8091 \
///     --webhook-url https://127.0.0.1:8443/api/webhooks/openphone --ca-file /tmp/stack/ca.pem
/// ```
public struct OpenPhoneEmulatorOptions: EmulatorCommandLine, Sendable {
    public var listen = ListenAddress.anyLoopbackPort
    public var apiKey = "emulator-openphone-key"
    public var webhookURL: String?
    public var webhookSecret: WebhookSecret?
    public var caFile: String?
    public var lines: [PhoneLine] = [.demo]
    /// Where the lines came from, for the start-up log: `default`, `inline` or the file.
    public var linesSource = "default"
    public var requestsPerSecond = 10
    public var behaviour = DeliveryBehaviour()
    public var retryDelays = WebhookTarget.defaultRetryDelays
    public var showHelp = false

    public static let usage = """
        usage: openphone-emulator [--listen 127.0.0.1:PORT | --listen unix:PATH] [--webhook-url URL]
                                  [--ca-file FILE] [--lines FILE|JSON] [--rate N] [--delivery-delay-ms MS]
                                  [--outcome delivered|failed] [--webhook-retry-ms MS,MS,…]

          --listen ADDR         IPv4 address and port (default 127.0.0.1:0, a free port), or
                                unix:PATH for a Unix-domain socket
          --webhook-url URL     where status and inbound webhooks go, e.g.
                                https://127.0.0.1:8443/api/webhooks/openphone; none: no webhooks
          --ca-file FILE        PEM CA bundle to trust for an https webhook URL
          --lines FILE|JSON     the workspace's lines: a JSON array of {"id":"PN…","number":"+1…",
                                "name","users":[{"id":"US…",…}]} (or {"data":[…]}), in a file or
                                inline (default: PNdemo01 +19025550100 "Front desk", user USdemo)
          --rate N              API requests per second per key (default 10; 0 = unlimited); over
                                it: 429 with Retry-After
          --delivery-delay-ms MS
                                time from the 202 to the status webhook (default 200)
          --outcome O           delivered (default) or failed: the status webhook sent
          --webhook-retry-ms L  waits before each retry of a webhook the stack did not take (non-2xx
                                or no answer); default 1000,2000,4000,8000 (5 attempts);
                                none: one attempt only

        Environment: OPENPHONE_EMULATOR_LISTEN, OPENPHONE_EMULATOR_WEBHOOK_URL,
        OPENPHONE_EMULATOR_CA_FILE, OPENPHONE_EMULATOR_LINES, OPENPHONE_EMULATOR_RATE,
        OPENPHONE_EMULATOR_DELIVERY_DELAY_MS, OPENPHONE_EMULATOR_OUTCOME,
        OPENPHONE_EMULATOR_WEBHOOK_RETRY_MS (flags win); and, from the environment only,
        OPENPHONE_EMULATOR_API_KEY (the key Authorization must carry; default emulator-openphone-key)
        and OPENPHONE_EMULATOR_WEBHOOK_SECRET (base64, as OpenPhone shows it; required with a
        webhook URL). LOG_LEVEL=debug|info|warning|error.
        Control (no key): GET /__emulator/stats, GET /__emulator/messages, GET|POST|DELETE
        /__emulator/fault, GET|POST|DELETE /__emulator/behaviour, POST /__emulator/inbound,
        POST /__emulator/reset.
        """

    /// The flags; each has an environment twin, `OPENPHONE_EMULATOR_` and the flag in capitals.
    enum Flag: String, CaseIterable, Sendable {
        case listen, lines, rate, outcome
        case webhookURL = "webhook-url", caFile = "ca-file", deliveryDelayMs = "delivery-delay-ms"
        case webhookRetryMs = "webhook-retry-ms"
    }

    public init() {}

    /// - Parameter readFile: reads a lines file (tests pass their own).
    public init(arguments: [String], environment: Environment,
                readFile: (String) throws(OptionsError) -> String = TextFileReader.read) throws(OptionsError) {
        let values = try CommandLineValues<Flag>(arguments: arguments, environment: environment,
                                                 environmentPrefix: "OPENPHONE_EMULATOR_")
        showHelp = values.showHelp
        if let text = values[.listen] {
            listen = try ListenAddress(parsing: text, example: "127.0.0.1:8091", allowingUnix: true)
        }
        if let key = environment["OPENPHONE_EMULATOR_API_KEY"] { apiKey = key }
        if let secret = environment["OPENPHONE_EMULATOR_WEBHOOK_SECRET"] {
            do { webhookSecret = try WebhookSecret(configured: secret) } catch {
                throw OptionsError(message: "OPENPHONE_EMULATOR_WEBHOOK_SECRET: \(error)")
            }
        }
        if let url = values[.webhookURL] {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw OptionsError(message: "--webhook-url must be an http:// or https:// URL")
            }
            guard webhookSecret != nil else {
                throw OptionsError(message: "--webhook-url needs OPENPHONE_EMULATOR_WEBHOOK_SECRET to sign deliveries")
            }
            webhookURL = url
        }
        caFile = values[.caFile]
        if let text = values[.lines] { try readLines(text, readFile: readFile) }
        try readDelivery(values)
    }

    /// The emulator settings these options describe.
    public var configuration: OpenPhoneEmulatorConfiguration {
        var configuration = OpenPhoneEmulatorConfiguration()
        configuration.apiKey = apiKey
        configuration.lines = lines
        configuration.requestsPerSecond = requestsPerSecond
        configuration.behaviour = behaviour
        if let webhookURL, let webhookSecret {
            configuration.webhook = WebhookTarget(url: webhookURL, secret: webhookSecret, caFile: caFile,
                                                  retryDelays: retryDelays)
        }
        return configuration
    }

    private mutating func readLines(_ text: String, readFile: (String) throws(OptionsError) -> String) throws(OptionsError) {
        let inline = text.hasPrefix("[") || text.hasPrefix("{")
        let json = inline ? text : try readFile(text)
        do { lines = try PhoneLine.parseList(json) } catch {
            throw OptionsError(message: "--lines \(inline ? "(inline)" : text): \(error)")
        }
        linesSource = inline ? "inline" : text
    }

    private mutating func readDelivery(_ values: CommandLineValues<Flag>) throws(OptionsError) {
        if let text = values[.rate] {
            guard let rate = Int(text), (0...100_000).contains(rate) else {
                throw OptionsError(message: "--rate must be 0 (unlimited)…100000")
            }
            requestsPerSecond = rate
        }
        if let text = values[.deliveryDelayMs] {
            guard let ms = Int64(text), (0...DeliveryBehaviour.maxDelayMs).contains(ms) else {
                throw OptionsError(message: "--delivery-delay-ms must be 0…\(DeliveryBehaviour.maxDelayMs)")
            }
            behaviour.deliveryDelay = .milliseconds(ms)
        }
        if let text = values[.outcome] {
            guard let outcome = DeliveryBehaviour.Outcome(rawValue: text) else {
                throw OptionsError(message: "--outcome must be delivered or failed")
            }
            behaviour.outcome = outcome
        }
        if let text = values[.webhookRetryMs] {
            // "none": a webhook the stack does not take is given up at once.
            let parts = text == "none" ? [] : text.split(separator: ",", omittingEmptySubsequences: false)
            let delays = parts.compactMap { Int64(String($0).trimmingWhitespace()) }.filter { (0...3_600_000).contains($0) }
            guard delays.count == parts.count, delays.count <= 20 else {
                throw OptionsError(message: "--webhook-retry-ms wants up to 20 comma-separated waits in ms "
                    + "(0…3600000), e.g. 1000,2000, or none")
            }
            retryDelays = delays.map { Duration.milliseconds($0) }
        }
    }
}
