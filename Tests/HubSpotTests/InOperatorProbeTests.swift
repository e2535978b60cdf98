import JSON
import PhoneNumbers
import Testing
@testable import HubSpot

/// `IN` on the calculated phone properties is undocumented: batches use it only where a probe
/// showed it finds a contact, and otherwise still find every number — never calling a number
/// absent because `IN` silently matched nothing.
@Suite("IN probe: batches that do not bet on IN")
struct InOperatorProbeTests {
    func number(_ text: String) throws -> PhoneNumber { try PhoneNumber(parsing: text, defaultRegion: .us) }

    /// Five contacts with numbers; the resolver asks for those five and one absent number.
    func resolveAll(inBehaviour: String, probe: InOperatorProbe = InOperatorProbe())
        throws -> (names: [String: Resolution], searches: Int, probe: InOperatorProbe)
    {
        let contacts = (0..<5).map { contact($0 + 1, phone: "+1902555\(4000 + $0)", first: "Person\($0)") }
        let emulator = try EmulatorProcess(contacts: contacts)
        try emulator.behave(["calculatedPhoneIN": .string(inBehaviour)])
        let (cache, client) = try emulator.stack()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: probe))
        let asked = try (0..<6).map { try number("+1902555\(4000 + $0)") }
        let names = resolver.resolve(asked, budget: .seconds(5), maxRequests: 10)
        return (names, try emulator.searches, probe)
    }

    func expectAllSettled(_ names: [String: Resolution]) {
        for index in 0..<5 {
            #expect(names["+1902555\(4000 + index)"]?.contact?.firstName == "Person\(index)")
        }
        #expect(names["+19025554005"] == .notFound)
    }

    @Test func whereINWorksOneSearchCarriesTheBatch() throws {
        let (names, searches, probe) = try resolveAll(inBehaviour: "works")
        expectAllSettled(names)
        #expect(probe.known == .works)
        #expect(searches == 2 + 1)  // the probe's two, then one batch
    }

    @Test(arguments: ["400", "empty"])
    func whereINIsRefusedOrSilentlyEmptyEQGroupsFindEveryNumber(behaviour: String) throws {
        let (names, searches, probe) = try resolveAll(inBehaviour: behaviour)
        expectAllSettled(names)
        #expect(probe.known == (behaviour == "400" ? .refused : .silentlyEmpty))
        #expect(searches == 2 + 3)  // the probe's two, then six numbers two by two
    }

    @Test func aRefusalAfterTheProbeSaidINWorksProbesAgainAndFallsBack() throws {
        let (names, searches, probe) = try resolveAll(inBehaviour: "400", probe: InOperatorProbe(known: .works))
        expectAllSettled(names)
        #expect(probe.known == .refused)
        #expect(searches == 1 + 2 + 3)  // the refused batch, the new probe, the EQ batches
    }

    @Test func anEmptyPortalLeavesINUntestedAndBatchesWithEQ() throws {
        let emulator = try EmulatorProcess(contacts: [])
        let (cache, client) = try emulator.stack()
        let probe = InOperatorProbe()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: probe))
        let names = resolver.resolve([try number("+19025554000"), try number("+19025554001")], budget: .seconds(5), maxRequests: 4)
        #expect(names.values.allSatisfy { $0 == .notFound })
        #expect(probe.known == .untested)
    }

    @Test func aProbeHubSpotFailsFailsTheRoundWithoutSpendingBatches() throws {
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "+19025554000")])
        try emulator.fault(["status": 503, "endpoint": "search"])
        let (cache, client) = try emulator.stack()
        let probe = InOperatorProbe()
        let resolver = NameResolver(cache: cache, batch: BatchLookup(client: client, inOperator: probe))
        let asked = try (0..<6).map { try number("+1902555\(4000 + $0)") }

        let names = resolver.resolve(asked, budget: .seconds(5), maxRequests: 10)

        #expect(names.count == 6)
        #expect(names.values.allSatisfy { if case .unavailable = $0 { true } else { false } })
        #expect(probe.known == nil)
        #expect(try emulator.searches == 2)  // the probe's sample search and its one 5xx retry
    }
}
