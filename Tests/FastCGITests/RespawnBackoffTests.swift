import Testing
import Base
@testable import FastCGI

@Suite("Respawn back-off")
struct RespawnBackoffTests {
    let backoff = RespawnBackoff()

    @Test func noDeathsMeansNoWait() {
        #expect(backoff.delay(afterDeaths: 0) == 0)
    }

    @Test func doublesFromAHundredMilliseconds() {
        #expect((1...6).map { backoff.delay(afterDeaths: $0) } == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2])
    }

    @Test func isCappedAtThirtySecondsHoweverManyDeaths() {
        #expect(backoff.delay(afterDeaths: 10) == 30)
        #expect(backoff.delay(afterDeaths: 1_000_000) == 30)
    }

    @Test func aWorkerUpTenSecondsHasNotDiedYoung() {
        #expect(backoff.diedYoung(afterSeconds: 9.9))
        #expect(!backoff.diedYoung(afterSeconds: 10))
    }
}
