import Base
import EmulatorSupport
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Profiles, options and the behaviour control")
struct BehaviourOptionsTests {
    @Test("The profiles' defaults")
    func profiles() {
        let fast = AccountBehaviour(profile: .fast)
        #expect(fast == AccountBehaviour())
        #expect(fast.latency.isNone && fast.phoneRegion == .account && fast.calculatedPhoneIN == .works)
        #expect(fast.tenSecondlyLimit == 0 && !fast.retryAfter && fast.duplicateEmail == .conflict)
        let realistic = AccountBehaviour(profile: .realistic)
        #expect(realistic.latency == LatencyDistribution(medianMs: 250, p99Ms: 1000))
        #expect(realistic.phoneRegion == .contact && realistic.calculatedPhoneIN == .works)
        #expect(realistic.tenSecondlyLimit == 100 && !realistic.retryAfter && realistic.duplicateEmail == .hubspot)
    }

    @Test("No options: the fast profile")
    func defaults() throws {
        let options = try HubSpotEmulatorOptions(arguments: [], environment: Environment([:]))
        #expect(options.profile == .fast && options.behaviour == AccountBehaviour())
        #expect(options.configuration.behaviour == AccountBehaviour())
    }

    @Test("The profile from the environment, single settings on top, flags win")
    func realistic() throws {
        let options = try HubSpotEmulatorOptions(
            arguments: ["--calculated-phone-in", "empty", "--latency=300,300"],
            environment: Environment(["HUBSPOT_EMULATOR_PROFILE": "realistic", "HUBSPOT_EMULATOR_CALCULATED_PHONE_IN": "400",
                                      "HUBSPOT_EMULATOR_RETRY_AFTER": "with", "HUBSPOT_EMULATOR_RANDOM_SEED": "9",
                                      "HUBSPOT_EMULATOR_TEN_SECONDLY_LIMIT": "190", "HUBSPOT_EMULATOR_DUPLICATE_EMAIL": "409"]))
        #expect(options.profile == .realistic)
        let behaviour = options.configuration.behaviour
        #expect(behaviour.calculatedPhoneIN == .empty && behaviour.retryAfter && behaviour.randomSeed == 9)
        #expect(behaviour.latency == LatencyDistribution(medianMs: 300, p99Ms: 300))
        #expect(behaviour.tenSecondlyLimit == 190 && behaviour.duplicateEmail == .conflict)
        #expect(behaviour.phoneRegion == .contact)
        let fastWithRegion = try HubSpotEmulatorOptions(arguments: ["--phone-region", "contact", "--latency", "0"],
                                                 environment: Environment([:]))
        #expect(fastWithRegion.behaviour.phoneRegion == .contact && fastWithRegion.behaviour.latency.isNone)
    }

    @Test("Bad settings", arguments: [["--profile", "slow"], ["--latency", "fast"], ["--latency", "300,100"],
                                      ["--random-seed", "-1"], ["--phone-region", "GB"], ["--calculated-phone-in", "500"],
                                      ["--ten-secondly-limit", "-5"], ["--retry-after", "yes"],
                                      ["--duplicate-email", "410"]])
    func bad(arguments: [String]) {
        #expect(throws: OptionsError.self) { _ = try HubSpotEmulatorOptions(arguments: arguments, environment: Environment([:])) }
    }

    @Test("The usage text names every setting and its variable")
    func usage() {
        for word in ["--profile", "--latency", "--random-seed", "--phone-region", "--calculated-phone-in",
                     "--ten-secondly-limit", "--retry-after", "--duplicate-email", "HUBSPOT_EMULATOR_PROFILE",
                     "HUBSPOT_EMULATOR_LATENCY", "HUBSPOT_EMULATOR_CALCULATED_PHONE_IN", "/__emulator/behaviour"] {
            #expect(HubSpotEmulatorOptions.usage.contains(word), "\(word)")
        }
    }

    @Test("GET, POST and DELETE /__emulator/behaviour; reset returns to the start-up behaviour")
    func control() throws {
        let emulator = try makeEmulator { $0.behaviour = AccountBehaviour(profile: .realistic) }
        let start = emulator.call("GET", "/__emulator/behaviour", token: nil).json
        #expect(start["latencyMedianMs"] == 250 && start["latencyP99Ms"] == 1000 && start["phoneRegion"] == "contact")
        #expect(start["tenSecondlyLimit"] == 100 && start["retryAfter"] == false && start["duplicateEmail"] == "hubspot")
        let changed = emulator.behave(#"{"tenSecondlyLimit":190,"retryAfter":true,"latencyMedianMs":100}"#)
        #expect(changed.status == 200)
        #expect(changed.json["tenSecondlyLimit"] == 190 && changed.json["retryAfter"] == true)
        #expect(changed.json["latencyMedianMs"] == 100 && changed.json["latencyP99Ms"] == 400)
        _ = emulator.call("POST", "/__emulator/reset", token: nil)
        #expect(emulator.call("GET", "/__emulator/behaviour", token: nil).json == start)
        _ = emulator.behave(#"{"duplicateEmail":"400"}"#)
        #expect(emulator.call("DELETE", "/__emulator/behaviour", token: nil).json == start)
    }

    @Test("Bad control bodies change nothing", arguments: [
        #"{"nope":1}"#, #"{"calculatedPhoneIN":"maybe"}"#, #"{"latencyMedianMs":-1}"#,
        #"{"latencyMedianMs":500,"latencyP99Ms":100}"#, #"{"retryAfter":"yes"}"#, #"{"duplicateEmail":"410"}"#,
        #"{"tenSecondlyLimit":-1}"#, #"{"phoneRegion":"account"}"#, #"[]"#, "not json",
    ])
    func badControl(body: String) throws {
        let emulator = try makeEmulator { $0.behaviour = AccountBehaviour(profile: .realistic) }
        let before = emulator.call("GET", "/__emulator/behaviour", token: nil).json
        let answer = emulator.behave(body)
        #expect(answer.status == 400)
        #expect(answer.json["error"]?.stringValue?.isEmpty == false)
        #expect(emulator.call("GET", "/__emulator/behaviour", token: nil).json == before)
        #expect(emulator.call("PUT", "/__emulator/behaviour", token: nil).status == 405)
    }
}
