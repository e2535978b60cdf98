import Base
import HubSpot
import MessageStore
@testable import Messages
import Testing

@Suite("The outbox's words: communication bodies, owners, what health is told")
struct OutboxTests {
    func item(_ direction: MessageDirection, sentBy: String? = nil) -> OutboxItem {
        OutboxItem(message: MessageID(rawValue: 42), direction: direction, text: "Bay 3 at 6?",
                   createdAt: EpochMilliseconds(1_764_900_000_000), contactID: "7", sentBy: sentBy,
                   customer: E164Number("+19025551234")!, line: BusinessLine("PNdemo01")!, attempts: 0)
    }

    @Test func aCommunicationSaysWhichWayTheTextWentAndWhoSentIt() {
        #expect(CommunicationsLogger.body(item(.incoming)) == "SMS from +19025551234:\nBay 3 at 6?")
        #expect(CommunicationsLogger.body(item(.outgoing)) == "SMS to +19025551234:\nBay 3 at 6?")
        #expect(CommunicationsLogger.body(item(.outgoing, sentBy: "alice")) == "SMS to +19025551234 (sent by alice):\nBay 3 at 6?")
        let input = CommunicationsLogger.input(item(.outgoing, sentBy: "alice"), owners: ["alice": "123"])
        #expect(input.ownerID == "123" && input.traceID == "m_42" && input.timestamp == 1_764_900_000_000)
        #expect(CommunicationsLogger.input(item(.incoming), owners: ["alice": "123"]).ownerID == nil)
    }

    @Test func ownersAreReadAsUserEqualsIdPairs() throws {
        #expect(try OutboxServices.owners("alice=123, bob = 456") == ["alice": "123", "bob": "456"])
        #expect(try OutboxServices.owners(nil).isEmpty)
        for bad in ["alice", "alice=abc", "=1", "alice=1,bob"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try OutboxServices.owners(bad) }
        }
    }

    @Test func healthIsToldWhichScopeIsMissing() {
        #expect(OutboxServices.serviceState(after: nil).state == "ok")
        let missing = OutboxServices.serviceState(after: .missingScopes(["crm.objects.contacts.write"]))
        #expect(missing.state == "missing_scopes" && missing.detail == "crm.objects.contacts.write")
        #expect(OutboxServices.serviceState(after: .rateLimited(retryAfter: 10)).state == "rate_limited")
    }

    @Test func onlyRefusalsAndRequestsThatNeverLeftAreSafeToSendAgain() {
        #expect(CommunicationsLogger.certainlyNotCreated(.rateLimited(retryAfter: 1)))
        #expect(CommunicationsLogger.certainlyNotCreated(.notConfigured))
        #expect(!CommunicationsLogger.certainlyNotCreated(.timeout(after: .seconds(3))))
        #expect(!CommunicationsLogger.certainlyNotCreated(.unavailable(status: 502)))
    }
}
