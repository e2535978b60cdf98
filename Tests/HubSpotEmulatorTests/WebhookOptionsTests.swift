import Base
import EmulatorSupport
@testable import HubSpotEmulator
import Testing

@Suite("Webhook and communications options")
struct WebhookOptionsTests {
    func options(_ arguments: [String], _ environment: [String: String] = [:]) throws -> HubSpotEmulatorOptions {
        try HubSpotEmulatorOptions(arguments: arguments, environment: Environment(environment))
    }

    @Test("A webhook URL needs the secret from the environment; the target follows the flags")
    func target() throws {
        #expect(throws: OptionsError.self) { _ = try options(["--webhook-url", "http://127.0.0.1:9/hook"]) }
        let parsed = try options(["--webhook-url", "https://127.0.0.1:8443/api/webhooks/hubspot?x=1", "--ca-file", "/tmp/ca.pem",
                                  "--webhook-signatures", "v3", "--webhook-retry-ms", "10,20", "--webhook-batch-ms", "5"],
                                 ["HUBSPOT_EMULATOR_WEBHOOK_SECRET": "s3cret-value"])
        let target = try #require(parsed.configuration.webhook)
        #expect(target.url == "https://127.0.0.1:8443/api/webhooks/hubspot?x=1")
        #expect(target.redactedURL == "https://127.0.0.1:8443/api/webhooks/hubspot")
        #expect(target.caFile == "/tmp/ca.pem" && target.signatures == .v3)
        #expect(target.retryDelays == [.milliseconds(10), .milliseconds(20)] && target.batchWindow == .milliseconds(5))
        #expect(!"\(parsed)".contains("s3cret-value"))
        #expect(try options([]).configuration.webhook == nil)
        let fromEnvironment = try options([], ["HUBSPOT_EMULATOR_WEBHOOK_URL": "http://127.0.0.1:9/hook",
                                               "HUBSPOT_EMULATOR_WEBHOOK_SECRET": "x", "HUBSPOT_EMULATOR_WEBHOOK_RETRY_MS": "none"])
        #expect(fromEnvironment.configuration.webhook?.retryDelays == [])
        #expect(fromEnvironment.configuration.webhook?.signatures == .both)
    }

    @Test("Profiles and flags set the communications and webhook behaviour")
    func behaviour() throws {
        let realistic = try options(["--profile", "realistic"]).behaviour
        #expect(realistic.communicationIndexLagMs == 2000 && realistic.webhookDuplicatePercent == 5)
        #expect(realistic.webhookReorder && realistic.userDefinedLabels)
        let fast = try options(["--communication-index-lag-ms", "500", "--webhook-duplicate-percent", "10",
                                "--webhook-reorder", "on"]).behaviour
        #expect(fast.communicationIndexLagMs == 500 && fast.webhookDuplicatePercent == 10 && fast.webhookReorder)
    }

    @Test("Bad settings", arguments: [["--webhook-url", "ftp://x"], ["--webhook-signatures", "v2"],
                                      ["--webhook-retry-ms", "1,x"], ["--webhook-batch-ms", "-1"],
                                      ["--communication-index-lag-ms", "soon"], ["--webhook-duplicate-percent", "101"],
                                      ["--webhook-reorder", "yes"]])
    func bad(arguments: [String]) {
        #expect(throws: OptionsError.self) {
            _ = try HubSpotEmulatorOptions(arguments: arguments,
                                           environment: Environment(["HUBSPOT_EMULATOR_WEBHOOK_SECRET": "x"]))
        }
    }

    @Test("The usage text names every flag and its environment twin")
    func usage() {
        for flag in HubSpotEmulatorOptions.Flag.allCases {
            #expect(HubSpotEmulatorOptions.usage.contains("--\(flag.rawValue)"), "\(flag)")
            let variable = CommandLineValues<HubSpotEmulatorOptions.Flag>.environmentName(of: flag, prefix: "HUBSPOT_EMULATOR_")
            #expect(HubSpotEmulatorOptions.usage.contains(variable), "\(variable)")
        }
        #expect(HubSpotEmulatorOptions.usage.contains("HUBSPOT_EMULATOR_WEBHOOK_SECRET"))
    }
}
