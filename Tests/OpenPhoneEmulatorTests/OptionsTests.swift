import Crypto
import Base
import EmulatorSupport
import OpenPhone
@testable import OpenPhoneEmulator
import Testing

@Suite("Options and environment")
struct OptionsTests {
    let secretText = Base64.encode(Array(repeating: 9, count: 32))

    func options(_ arguments: [String], _ environment: [String: String] = [:],
                 files: [String: String] = [:]) throws(OptionsError) -> OpenPhoneEmulatorOptions {
        try OpenPhoneEmulatorOptions(arguments: arguments, environment: Environment(environment)) { path throws(OptionsError) in
            guard let text = files[path] else { throw OptionsError(message: "cannot open \(path)") }
            return text
        }
    }

    @Test("Defaults: a free loopback port, the demo line, 10 per second, no webhooks")
    func defaults() throws {
        let parsed = try options([])
        #expect(parsed.listen == .tcp(host: "127.0.0.1", port: 0))
        #expect(parsed.lines == [.demo])
        let configuration = parsed.configuration
        #expect(configuration.apiKey == "emulator-openphone-key")
        #expect(configuration.requestsPerSecond == 10)
        #expect(configuration.webhook == nil)
        #expect(configuration.behaviour == DeliveryBehaviour())
    }

    @Test("Environment, then flags; the key and the secret come from the environment")
    func environmentAndFlags() throws {
        let parsed = try options(
            ["--listen", "127.0.0.1:8091", "--rate=5", "--outcome", "failed", "--webhook-retry-ms", "100,200"],
            ["OPENPHONE_EMULATOR_LISTEN": "127.0.0.1:9999", "OPENPHONE_EMULATOR_API_KEY": "k-123456789",
             "OPENPHONE_EMULATOR_WEBHOOK_URL": "https://127.0.0.1:8443/api/webhooks/openphone",
             "OPENPHONE_EMULATOR_WEBHOOK_SECRET": secretText, "OPENPHONE_EMULATOR_CA_FILE": "/tmp/ca.pem",
             "OPENPHONE_EMULATOR_DELIVERY_DELAY_MS": "50"])
        #expect(parsed.listen == .tcp(host: "127.0.0.1", port: 8091))
        let configuration = parsed.configuration
        #expect(configuration.apiKey == "k-123456789")
        #expect(configuration.requestsPerSecond == 5)
        #expect(configuration.behaviour.outcome == .failed)
        #expect(configuration.behaviour.deliveryDelay == .milliseconds(50))
        #expect(configuration.webhook?.url == "https://127.0.0.1:8443/api/webhooks/openphone")
        #expect(configuration.webhook?.caFile == "/tmp/ca.pem")
        #expect(configuration.webhook?.retryDelays == [.milliseconds(100), .milliseconds(200)])
        #expect(try options(["--listen", "unix:/tmp/op.sock"]).listen == .unix(path: "/tmp/op.sock"))
        #expect(try options(["--help"]).showHelp)
    }

    @Test("Lines from a file or inline, checked")
    func lines() throws {
        let file = #"{"data":[{"id":"PNa","number":"+14165550100","name":"Toronto"}]}"#
        let fromFile = try options(["--lines", "/etc/lines.json"], files: ["/etc/lines.json": file])
        #expect(fromFile.lines.map(\.id) == ["PNa"])
        #expect(fromFile.lines[0].users.map(\.id) == ["USa"])
        let inline = try options([], ["OPENPHONE_EMULATOR_LINES": #"[{"id":"PNb","number":"+442071234567"}]"#])
        #expect(inline.lines.map(\.number) == ["+442071234567"])
        for bad in ["[]", #"[{"id":"XX","number":"+14165550100"}]"#, #"[{"id":"PNa","number":"4165550100"}]"#,
                    #"[{"id":"PNa","number":"+14165550100"},{"id":"PNa","number":"+14165550101"}]"#] {
            #expect(throws: OptionsError.self) { try options(["--lines", bad]) }
        }
        #expect(throws: OptionsError.self) { try options(["--lines", "/missing.json"]) }
    }

    @Test("Refusals name the problem and never the secret")
    func refusals() {
        for arguments in [["--listen", "nowhere"], ["--rate", "-1"], ["--outcome", "lost"], ["--bogus", "1"],
                          ["stray"], ["--rate"], ["--webhook-retry-ms", "1,x"], ["--delivery-delay-ms", "9999999"]] {
            #expect(throws: OptionsError.self) { try options(arguments) }
        }
        // A webhook URL without a secret cannot sign.
        #expect(throws: OptionsError.self) { try options(["--webhook-url", "http://127.0.0.1:1/hook"]) }
        #expect(throws: OptionsError.self) {
            try options(["--webhook-url", "ftp://x"], ["OPENPHONE_EMULATOR_WEBHOOK_SECRET": secretText])
        }
        let shortSecret = "c2hvcnQ="
        do {
            _ = try options([], ["OPENPHONE_EMULATOR_WEBHOOK_SECRET": shortSecret])
            Issue.record("a 5-byte secret was accepted")
        } catch {
            #expect(!error.message.contains(shortSecret))
        }
    }
}
