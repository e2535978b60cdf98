import EmulatorSupport
import HTTPServer
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Faults for the communications outbox: one call in N refused, committed but unanswered")
struct OutboxFaultTests {
    let contacts = [record(1, ["firstname": "Ada"])]

    func batch(_ n: Int) -> [JSONValue] {
        [smsInput(contact: 1, body: "message \(n)", timestamp: 1_790_000_000_000 + Int64(n), trace: "msg-\(n)")]
    }

    @Test("status + every: each N-th call to the endpoint answers 429 TEN_SECONDLY_ROLLING, others pass")
    func everyNth() throws {
        let emulator = try makeEmulator(contacts)
        #expect(emulator.faults(#"{"status":429,"every":5,"endpoint":"communicationsBatchCreate"}"#).status == 200)
        var statuses: [Int] = []
        for n in 1...10 {
            statuses.append(emulator.batchCreate(batch(n)).status)
            #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 200)  // other endpoints unaffected
        }
        #expect(statuses == [201, 201, 201, 201, 429, 201, 201, 201, 201, 429])
        let limited = emulator.batchCreate(batch(11))
        #expect(limited.status == 201)
        #expect(emulator.storedCommunications().count == 9)
        let stats = emulator.stats()["communications"]
        #expect(stats?["rateLimited"] == 2 && stats?["created"] == 9 && stats?["duplicates"] == 0)
        #expect(emulator.faults("{}").json["statusFault"]?["every"] == 5)
    }

    @Test("The periodic 429 carries HubSpot's body and stops after count failures")
    func everyWithCount() throws {
        let emulator = try makeEmulator(contacts)
        emulator.faults(#"{"status":429,"every":2,"count":1}"#)
        #expect(emulator.batchCreate(batch(1)).status == 201)
        let refused = emulator.batchCreate(batch(2))
        expectHubSpotError(refused, status: 429, category: "RATE_LIMITS")
        #expect(refused.json["policyName"] == "TEN_SECONDLY_ROLLING")
        for n in 3...6 { #expect(emulator.batchCreate(batch(n)).status == 201) }
    }

    @Test("loseAnswer close: the batch is stored, then the connection closes; the next call is answered")
    func lostAnswer() throws {
        let emulator = try makeEmulator(contacts)
        emulator.faults(#"{"loseAnswer":{"mode":"close","count":1},"endpoint":"communicationsBatchCreate"}"#)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").response.action == .answer)
        let lost = emulator.batchCreate(batch(1) + batch(2))
        #expect(lost.response.action == .close)
        #expect(emulator.storedCommunications().count == 2)
        #expect(emulator.batchCreate(batch(3)).status == 201)
        #expect(emulator.stats()["lostAnswers"] == 1)
    }

    @Test("loseAnswer only follows a commit: a refused batch still gets its answer")
    func lostOnlyAfterCommit() throws {
        let emulator = try makeEmulator(contacts)
        emulator.faults(#"{"loseAnswer":{"mode":"close"},"endpoint":"communicationsBatchCreate"}"#)
        let refused = emulator.batchCreate([smsInput(contact: 9, body: "x")])
        #expect(refused.response.action == .answer && refused.status == 400)
        #expect(emulator.batchCreate(batch(1)).response.action == .close)
        #expect(emulator.batchCreate(batch(2)).response.action == .close)  // until cleared
        emulator.faults(#"{"loseAnswer":null}"#)
        #expect(emulator.batchCreate(batch(3)).status == 201)
        #expect(emulator.storedCommunications().count == 3)
    }

    @Test("loseAnswer stall holds the connection for timeoutMs after storing")
    func stall() throws {
        let emulator = try makeEmulator(contacts)
        emulator.faults(#"{"loseAnswer":{"mode":"stall","count":1},"timeoutMs":2500}"#)
        #expect(emulator.batchCreate(batch(1)).response.action == .stall(seconds: 2.5))
        #expect(emulator.storedCommunications().count == 1)
    }

    @Test("Bad outbox fault settings are refused", arguments: [
        #"{"every":5}"#, #"{"status":429,"every":0}"#, #"{"loseAnswer":{"mode":"drop"}}"#,
        #"{"loseAnswer":{"count":0}}"#, #"{"loseAnswer":"close"}"#, #"{"loseAnswer":{"mode":"close","extra":1}}"#,
    ])
    func badSettings(body: String) throws {
        let emulator = try makeEmulator(contacts)
        #expect(emulator.faults(body).status == 400)
        #expect(emulator.faults("{}").json["loseAnswer"] == .null)
    }
}
