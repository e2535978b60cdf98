import Base
import FastCGI
import Testing
@testable import HubSpot

@Suite("HubSpot configuration from the environment")
struct ConfigurationTests {
    @Test func defaults() throws {
        let configuration = try HubSpotConfiguration(environment: Environment([:]))
        #expect(configuration.accessToken == nil)
        #expect(configuration.baseURL == "https://api.hubapi.com")
        #expect(configuration.defaultRegion.code == "US")
        #expect(configuration.requestTimeout == .seconds(3))
    }

    @Test func acceptsTheSeedsVariableName() throws {
        let configuration = try HubSpotConfiguration(environment: Environment(["HUBSPOT_API_KEY": "pat-1"]))
        #expect(configuration.accessToken?.reveal() == "pat-1")
        let preferred = try HubSpotConfiguration(environment: Environment(["HUBSPOT_API_KEY": "old",
                                                                            "HUBSPOT_ACCESS_TOKEN": "new"]))
        #expect(preferred.accessToken?.reveal() == "new")
    }

    @Test func readsEverySetting() throws {
        let configuration = try HubSpotConfiguration(environment: Environment([
            "HUBSPOT_BASE_URL": "http://127.0.0.1:8090/", "DEFAULT_REGION": "ca", "HUBSPOT_TIMEOUT_MS": "800",
            "HUBSPOT_CONNECT_TIMEOUT_MS": "200", "HUBSPOT_PORTAL_ID": "4242",
        ]))
        #expect(configuration.baseURL == "http://127.0.0.1:8090")
        #expect(configuration.defaultRegion.code == "CA")
        #expect(configuration.requestTimeout == .milliseconds(800))
        #expect(configuration.connectTimeout == .milliseconds(200))
        #expect(configuration.portalID == "4242")
    }

    @Test(arguments: [["HUBSPOT_BASE_URL": "ftp://x"], ["DEFAULT_REGION": "XX"], ["HUBSPOT_TIMEOUT_MS": "fast"],
                      ["HUBSPOT_TIMEOUT_MS": "0"], ["HUBSPOT_PORTAL_ID": "12a"]])
    func rejectsBadValues(values: [String: String]) {
        #expect(throws: ConfigurationError.self) { try HubSpotConfiguration(environment: Environment(values)) }
    }

    @Test func theTokenNeverPrints() {
        let secret = Secret("pat-na1-abcdef")
        #expect("\(secret)" == "[redacted]")
        #expect(String(reflecting: secret) == "[redacted]")
        let configuration = HubSpotConfiguration(accessToken: secret)
        #expect(!"\(configuration)".contains("abcdef"))
    }
}

@Suite("Secrets under reflection")
struct SecretReflectionTests {
    @Test func dumpShowsNothing() {
        var output = ""
        dump(Secret("pat-na1-abcdef"), to: &output)
        #expect(!output.contains("abcdef"))
    }
}
