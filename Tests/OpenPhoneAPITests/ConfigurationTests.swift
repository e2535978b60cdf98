import Base
import OpenPhoneAPI
import Testing

@Suite("OpenPhone configuration from the environment")
struct ConfigurationTests {
    @Test func defaults() throws {
        let configuration = try OpenPhoneConfiguration(environment: Environment([:]))
        #expect(configuration.apiKey == nil)
        #expect(configuration.baseURL == "https://api.openphone.com")
        #expect(configuration.sender == nil)
        #expect(configuration.timeout == .milliseconds(5000))
        #expect(configuration.caFile == nil)
        #expect(configuration.rate == 10)
    }

    @Test func everyVariableIsRead() throws {
        let configuration = try OpenPhoneConfiguration(environment: Environment([
            "OPENPHONE_API_KEY": " \(testKey) ", "OPENPHONE_BASE_URL": "http://127.0.0.1:9/", "OPENPHONE_FROM": "PNline1",
            "OPENPHONE_TIMEOUT_MS": "1500", "OPENPHONE_CA_FILE": "/etc/ssl/extra.pem", "OPENPHONE_RATE": "4.5",
        ]))
        #expect(configuration.apiKey?.reveal() == testKey)
        #expect(configuration.baseURL == "http://127.0.0.1:9")
        #expect(configuration.sender == .line("PNline1"))
        #expect(configuration.timeout == .milliseconds(1500))
        #expect(configuration.caFile == "/etc/ssl/extra.pem")
        #expect(configuration.rate == 4.5)
        #expect(try OpenPhoneConfiguration(environment: Environment(["OPENPHONE_FROM": "+15555550100"])).sender
            == .number("+15555550100"))
    }

    @Test(arguments: [
        ("OPENPHONE_BASE_URL", "api.openphone.com", "OPENPHONE_BASE_URL must start with https://"),
        ("OPENPHONE_FROM", "555-0100", "OPENPHONE_FROM must be a phone number id"),
        ("OPENPHONE_TIMEOUT_MS", "soon", "OPENPHONE_TIMEOUT_MS must be a number"),
        ("OPENPHONE_TIMEOUT_MS", "0", "OPENPHONE_TIMEOUT_MS must be a number"),
        ("OPENPHONE_RATE", "0", "OPENPHONE_RATE must be a number"),
    ])
    func anInvalidValueIsAClearError(name: String, value: String, says: String) {
        do {
            _ = try OpenPhoneConfiguration(environment: Environment([name: value]))
            Issue.record("\(name)=\(value) was accepted")
        } catch {
            #expect(error.message.hasPrefix(says), "\(error.message)")
            #expect(error.message.contains(value))
        }
    }

    @Test func anUnusableKeyIsRefusedWithoutShowingIt() {
        let key = "op key with blanks 0123456789"
        do {
            _ = try OpenPhoneConfiguration(environment: Environment(["OPENPHONE_API_KEY": key]))
            Issue.record("a key with blanks was accepted")
        } catch {
            #expect(error.message.contains("OPENPHONE_API_KEY"))
            #expect(!error.message.contains("blanks 0123"))
        }
    }
}
