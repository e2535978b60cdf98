import HubSpot
import MessageStore
import Testing
@testable import Messages

@Suite("NameSync")
struct NameSyncTests {
    @Test("200 unnamed conversations, 150 unknown to HubSpot: one pass names all 50 known ones")
    func onePassNamesEveryKnownNumber() throws {
        try withStore { store, _ in
            var known: [String: (name: String?, company: String?)] = [:]
            for index in 0..<200 {
                let number = "+1902555\(String(2000 + index))"
                try receive(store, from: number, event: "EV\(index)", at: 1_764_000_000_000 + Int64(index))
                // Every fourth number is in HubSpot, so unknown ones come first in every batch.
                if index % 4 == 3 { known[number] = ("Person \(index)", nil) }
            }
            let directory = FakeDirectory(known: known)
            let sync = NameSync(store: store, namer: CustomerNamer(store: store, directory: directory, region: .us))
            var reports = 0
            let result = sync.run(batchSize: 20) { _ in reports += 1 }
            #expect(result.stopped == nil)
            #expect(result.named == 50 && result.notFound == 150 && result.done == 200 && result.total == 200)
            #expect(directory.calls.count == 10 && reports == 10)  // one request per batch of 20
            #expect(Set(directory.calls.joined()).count == 200)     // nobody looked at twice
            #expect(try store.nameSyncProgress(now: .now()).unnamed == 150)
            // A second pass right away has nothing due: not-found numbers wait their back-off.
            #expect(sync.run(batchSize: 20).done == 0)
        }
    }

    @Test func aBadTokenStopsThePassWithTheReason() throws {
        try withStore { store, _ in
            for index in 0..<30 { try receive(store, from: "+1902555\(3000 + index)", event: "EV\(index)") }
            let directory = FakeDirectory(failure: .unauthorized)
            let result = NameSync(store: store, namer: CustomerNamer(store: store, directory: directory, region: .us))
                .run(batchSize: 10)
            #expect(result.stopped == .refused(.unauthorized) && result.stopped?.exitCode == 1)
            #expect(directory.calls.count == 1)
        }
    }

    @Test func hubSpotDownEndsThePassAndLeavesEveryNumberDueSoon() throws {
        try withStore { store, _ in
            for index in 0..<100 { try receive(store, from: "+1902555\(4000 + index)", event: "EV\(index)") }
            let directory = FakeDirectory(failure: .unavailable(status: 503))
            let result = NameSync(store: store, namer: CustomerNamer(store: store, directory: directory, region: .us))
                .run(batchSize: 10)
            if case .stalled(let batches, let error?) = result.stopped {
                #expect(batches == 3 && error.kind == .unavailable)
            } else {
                Issue.record("the pass did not stop as stalled on HubSpot's errors: \(String(describing: result.stopped))")
            }
            #expect(result.stopped?.hubSpotFailing == true && result.stopped?.exitCode == 0)
            #expect(directory.calls.count == NameSync.stalledBatchLimit)
            #expect(try store.nameSyncProgress(now: .now() + .minutes(6)).due == 100)
        }
    }
}
