import HubSpot
import MessageStore
import PhoneNumbers
import Testing
@testable import Messages

@Suite("CustomerNamer")
struct CustomerNamerTests {
    @Test func aFoundNameIsWrittenToEveryConversationOfTheNumber() throws {
        try withStore { store, _ in
            let first = try receive(store, from: "+19025551234", event: "EV1")
            let directory = FakeDirectory(known: ["+19025551234": ("John Smith", "Bay Golf")])
            let namer = CustomerNamer(store: store, directory: directory, region: .us)
            let report = namer.name([E164Number("+19025551234")!], budget: .seconds(1), maxRequests: 1)
            #expect(report.sources[E164Number("+19025551234")!] == .hubspot)
            let conversation = try #require(try store.conversation(first))
            #expect(conversation.name?.rawValue == "John Smith" && conversation.nameSource == .hubspot)
            #expect(conversation.company == "Bay Golf" && conversation.hubspotContactID == "id-19025551234")
            #expect(try store.customersNeedingNames(now: .now(), limit: 10).isEmpty)
        }
    }

    @Test func notFoundIsPushedBackAndAnErrorIsRetriedSooner() throws {
        try withStore { store, _ in
            try receive(store, from: "+19025550001", event: "EV1")
            try receive(store, from: "+19025550002", event: "EV2")
            let now = EpochMilliseconds.now()
            let namer = CustomerNamer(store: store, directory: FakeDirectory(), region: .us)
            _ = namer.name([E164Number("+19025550001")!], budget: .seconds(1), maxRequests: 1, now: now)
            let failing = CustomerNamer(store: store, directory: FakeDirectory(failure: .unavailable(status: 503)), region: .us)
            let report = failing.name([E164Number("+19025550002")!], budget: .seconds(1), maxRequests: 1, now: now)
            #expect(report.sources[E164Number("+19025550002")!] == .pending && report.fatal == nil)
            #expect(try store.customersNeedingNames(now: now, limit: 10).isEmpty)
            // The error is retried after minutes, the unknown number only after hours.
            #expect(try store.customersNeedingNames(now: now + .minutes(6), limit: 10) == [E164Number("+19025550002")!])
            #expect(try store.customersNeedingNames(now: now + .hours(13), limit: 10).count == 2)
        }
    }

    @Test func aBadTokenIsFatalAndNeverRecordedAsNotFound() throws {
        try withStore { store, _ in
            let conversation = try receive(store, from: "+19025550003", event: "EV1")
            let namer = CustomerNamer(store: store, directory: FakeDirectory(failure: .unauthorized), region: .us)
            let report = namer.name([E164Number("+19025550003")!], budget: .seconds(1), maxRequests: 1)
            #expect(report.fatal?.kind == .unauthorized)
            #expect(try store.conversation(conversation)?.name == nil)
        }
    }

    @Test func aShortCodeIsNeverSentToHubSpot() throws {
        try withStore { store, _ in
            try receive(store, from: "+22395", event: "EV1")
            let directory = FakeDirectory()
            let report = CustomerNamer(store: store, directory: directory, region: .us)
                .name([E164Number("+22395")!], budget: .seconds(1), maxRequests: 1)
            #expect(report.sources[E164Number("+22395")!] == .notAPhoneNumber)
            #expect(directory.calls.isEmpty)
        }
    }

    @Test func aContactWithoutANameKeepsTheConversationUnnamed() throws {
        try withStore { store, _ in
            let conversation = try receive(store, from: "+19025550004", event: "EV1")
            let directory = FakeDirectory(known: ["+19025550004": (nil, "Acme")])
            let report = CustomerNamer(store: store, directory: directory, region: .us)
                .name([E164Number("+19025550004")!], budget: .seconds(1), maxRequests: 1)
            #expect(report.sources[E164Number("+19025550004")!] == .nameless)
            let stored = try #require(try store.conversation(conversation))
            #expect(stored.name == nil && stored.company == "Acme")
        }
    }
}
