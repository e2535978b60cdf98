import Base
import FastCGI
import Glibc
import HubSpot
import MessageStore
import Synchronization
import Testing
@testable import Messages

/// ``BackgroundNaming``: a request waits only its budget, the lookup it started is finished and
/// stored anyway, a number is looked up once however many requests ask, and HubSpot's recovery
/// ends the error back-off.
@Suite("Background naming")
struct BackgroundNamingTests {
    let ada = E164Number("+19025551234")!
    let bob = E164Number("+19025551235")!

    func naming(_ store: MessageStore, _ directory: FakeDirectory, recoveryInterval: Double = 0.1,
                hubSpotAnswers: @escaping @Sendable () -> Bool = { true }) -> BackgroundNaming {
        var settings = BackgroundNaming.Settings()
        settings.recoveryInterval = recoveryInterval
        return BackgroundNaming(namer: CustomerNamer(store: store, directory: directory, region: .us), store: store,
                                settings: settings, hubSpotAnswers: hubSpotAnswers)
    }

    /// Polls the store until the conversation has a name, for at most `seconds`.
    func eventualName(_ store: MessageStore, _ conversation: ConversationID, within seconds: Double = 5) throws -> String? {
        let deadline = MonotonicTime.now().adding(seconds: seconds)
        while MonotonicTime.now() < deadline {
            if let name = try store.conversation(conversation)?.name { return name.rawValue }
            usleep(10_000)
        }
        return nil
    }

    @Test func aSlowLookupIsAnsweredPendingWithinTheWaitAndFinishedInTheBackground() throws {
        try withStore { store, _ in
            let conversation = try receive(store, from: ada.rawValue, event: "EV1")
            let directory = FakeDirectory(known: [ada.rawValue: ("Ada Byron", nil)])
            directory.state.withLock { $0.latency = 1 }
            let started = MonotonicTime.now()

            let report = naming(store, directory).name([ada], wait: .seconds(0.1))

            // Answered on its budget, long before HubSpot's answer.
            #expect(MonotonicTime.now().seconds(since: started) < 0.8)
            #expect(report.sources[ada] == .pending)
            #expect(try eventualName(store, conversation) == "Ada Byron")
            #expect(directory.calls == [[ada.rawValue]])
        }
    }

    @Test func aFastLookupIsAnsweredWithTheName() throws {
        try withStore { store, _ in
            let conversation = try receive(store, from: ada.rawValue, event: "EV1")
            let directory = FakeDirectory(known: [ada.rawValue: ("Ada Byron", nil)])

            let report = naming(store, directory).name([ada], wait: .seconds(2))

            #expect(report.sources[ada] == .hubspot)
            #expect(try store.conversation(conversation)?.name?.rawValue == "Ada Byron")
        }
    }

    @Test func cachedNumbersAreNamedAtOnceWithoutTheThread() throws {
        try withStore { store, _ in
            try receive(store, from: ada.rawValue, event: "EV1")
            let directory = FakeDirectory(known: [ada.rawValue: ("Ada Byron", nil)])
            directory.state.withLock { $0.cached = [ada.rawValue] }

            let report = naming(store, directory).name([ada], wait: .seconds(0))

            #expect(report.sources[ada] == .cache)
            #expect(directory.calls.isEmpty)
        }
    }

    @Test func aNumberIsLookedUpOnceHoweverManyRequestsAskWhileItRuns() throws {
        try withStore { store, _ in
            let conversation = try receive(store, from: ada.rawValue, event: "EV1")
            let directory = FakeDirectory(known: [ada.rawValue: ("Ada Byron", nil)])
            directory.state.withLock { $0.latency = 0.3 }
            // Two processes' worth of naming over one store: the claim is the store's.
            let first = naming(store, directory), second = naming(store, directory)

            for naming in [first, second, first, second] { _ = naming.name([ada], wait: .seconds(0.01)) }

            #expect(try eventualName(store, conversation) == "Ada Byron")
            #expect(directory.calls == [[ada.rawValue]])
        }
    }

    @Test func numbersHandedOverTogetherAreBatched() throws {
        try withStore { store, _ in
            try receive(store, from: ada.rawValue, event: "EV1")
            try receive(store, from: bob.rawValue, event: "EV2")
            let directory = FakeDirectory(known: [ada.rawValue: ("Ada Byron", nil), bob.rawValue: ("Bob Hope", nil)])

            let report = naming(store, directory).name([ada, bob], wait: .seconds(2))

            #expect(report.sources[ada] == .hubspot && report.sources[bob] == .hubspot)
            #expect(directory.calls.count == 1 && Set(directory.calls[0]) == [ada.rawValue, bob.rawValue])
        }
    }

    @Test func afterAnErrorTheNumberIsNamedAsSoonAsHubSpotAnswersAgain() throws {
        try withStore { store, _ in
            let conversation = try receive(store, from: ada.rawValue, event: "EV1")
            let directory = FakeDirectory(known: [ada.rawValue: ("Ada Byron", nil)],
                                          failure: .unavailable(status: 503))
            let back = Mutex(false), checks = Mutex(0)
            let naming = naming(store, directory) {
                checks.withLock { $0 += 1 }
                return back.withLock { $0 }
            }

            let report = naming.name([ada], wait: .seconds(2))
            #expect(report.sources[ada] == .pending)
            // The error's back-off (minutes) holds the number while HubSpot does not answer:
            // checked twice, and nothing else asked.
            let deadline = MonotonicTime.now().adding(seconds: 5)
            while checks.withLock({ $0 }) < 2 && MonotonicTime.now() < deadline { usleep(10_000) }
            #expect(checks.withLock { $0 } >= 2)
            #expect(directory.calls.count == 1)
            #expect(try store.conversation(conversation)?.name == nil)
            #expect(try store.customersNeedingNames(now: .now(), limit: 10).isEmpty)

            // …and ends the moment it does.
            directory.state.withLock { $0.failure = nil }
            back.withLock { $0 = true }
            #expect(try eventualName(store, conversation) == "Ada Byron")
            #expect(directory.calls.count == 2)
        }
    }

    @Test func whileOnlyLookupsFailEachCheckSpendsOneNumberNotARound() throws {
        try withStore { store, _ in
            let customers = (0..<3).map { E164Number("+1902555130\($0)")! }
            for (index, customer) in customers.enumerated() { try receive(store, from: customer.rawValue, event: "EV\(index)") }
            let directory = FakeDirectory(known: Dictionary(uniqueKeysWithValues: customers.map { ($0.rawValue, ("Known", nil)) }),
                                          failure: .unavailable(status: 503))
            // The cheap call answers all along: only the lookups fail.
            let naming = naming(store, directory) { true }

            _ = naming.name(customers, wait: .seconds(2))
            let deadline = MonotonicTime.now().adding(seconds: 5)
            while directory.calls.count < 4 && MonotonicTime.now() < deadline { usleep(10_000) }
            #expect(directory.calls.count >= 4)
            #expect(directory.calls.first?.count == 3)
            #expect(directory.calls.dropFirst().allSatisfy { $0.count == 1 })

            directory.state.withLock { $0.failure = nil }
            for customer in customers {
                let conversation = try #require(try store.conversations(limit: 10, before: nil, matching: nil)
                    .conversations.first { $0.customer == customer })
                #expect(try eventualName(store, conversation.id) == "Known")
            }
        }
    }

    @Test func theRecoveryCheckLeavesANumberAnotherProcessIsLookingUpToIt() throws {
        try withStore { store, _ in
            try receive(store, from: ada.rawValue, event: "EV1")
            try receive(store, from: bob.rawValue, event: "EV2")
            let now = EpochMilliseconds.now()
            for customer in [ada, bob] { try store.recordLookup(.error, for: customer, now: now, retryAfter: .minutes(5)) }
            let directory = FakeDirectory(known: [bob.rawValue: ("Bob Hope", nil)])
            let check = RecoveryCheck(namer: CustomerNamer(store: store, directory: directory, region: .us), store: store,
                                      budget: .seconds(1), hold: .seconds(60)) { true }
            // Another process claimed ada for its own trial.
            #expect(try store.claimLookups([ada], now: now, hold: .seconds(60), afterError: true) == [ada])

            #expect(check.run(candidates: [ada, bob]) == .back(tried: bob))

            #expect(directory.calls == [[bob.rawValue]])
            #expect(check.run(candidates: [ada, bob]) == .nothingToTry)
        }
    }

    @Test func theRecoveryCheckSpendsNothingButTheConnectionCheckWhileHubSpotIsDown() throws {
        try withStore { store, _ in
            try receive(store, from: ada.rawValue, event: "EV1")
            try store.recordLookup(.error, for: ada, now: .now(), retryAfter: .minutes(5))
            let directory = FakeDirectory(known: [ada.rawValue: ("Ada Byron", nil)])
            let check = RecoveryCheck(namer: CustomerNamer(store: store, directory: directory, region: .us), store: store,
                                      budget: .seconds(1), hold: .seconds(60)) { false }

            #expect(check.run(candidates: [ada]) == .stillFailing)

            #expect(directory.calls.isEmpty)
            #expect(try store.customersAfterErrors(limit: 10) == [ada])
        }
    }
}
