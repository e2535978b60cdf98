import EmulatorSupport
import JSON
@testable import OpenPhoneEmulator
import Testing

@Suite("OpenPhone's rate limit: 10 requests per second per key")
struct RateLimitTests {
    @Test("The 11th request in a second gets 429 with Retry-After; the next second admits again")
    func limit() {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        for index in 0..<10 {
            let answer = index % 2 == 0 ? emulator.send() : emulator.call("GET", "/v1/phone-numbers")
            #expect(answer.status / 100 == 2)
        }
        let refused = emulator.send()
        expectOpenPhoneError(refused, status: 429)
        #expect(refused.header("Retry-After") == "1")
        #expect(emulator.messages().count == 5)
        clock.advance(milliseconds: 999)
        #expect(emulator.send().status == 429)
        clock.advance(milliseconds: 1)
        #expect(emulator.send().status == 202)
        #expect(emulator.stats()["rateLimited"] == 2)
        #expect(emulator.stats()["sends"]?["rejected"]?["429"] == 2)
    }

    @Test("Refused requests and requests without the key do not use up the window")
    func refusalsAreFree() {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        for _ in 0..<20 { #expect(emulator.send(authorization: "nope").status == 401) }
        for _ in 0..<10 { #expect(emulator.send().status == 202) }
        for _ in 0..<5 { #expect(emulator.send().status == 429) }
        clock.advance(milliseconds: 1000)
        #expect(emulator.send().status == 202)
    }

    @Test("A limit of 0 is unlimited")
    func unlimited() {
        let emulator = makeEmulator { $0.requestsPerSecond = 0 }
        for _ in 0..<50 { #expect(emulator.send().status == 202) }
    }
}
