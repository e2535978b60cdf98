import Base
import HubSpot
import SharedCache
import Testing

@Suite struct CacheSettingsTests {
    @Test func theDefaultFileHoldsItsTargetsInAtMost512MiB() throws {
        let settings = try CacheSettings(environment: Environment([:]))
        let layout = settings.layout
        #expect(layout == CacheSettings.defaultLayout)
        #expect(layout.problem == nil)
        #expect(layout.fileSize <= 512 << 20)
        // 250,000 answers and 10,000 pages at no more than about half load of their classes.
        #expect(layout.classes.map(\.slotCount) == [524_288, 8192, 16_384])
        #expect(layout.classIndex(keyLength: 12, valueLength: 330) == 0)  // a long answer under +1…
        #expect(layout.classIndex(keyLength: 40, valueLength: 16_000) == 2)  // a 50-contact page
        #expect(layout.classes.allSatisfy { $0.probeLength == 64 })
    }

    @Test func lookupSlotsSizeTheAnswersClassAlone() throws {
        let settings = try CacheSettings(environment: Environment(["CONTACTS_CACHE_LOOKUP_SLOTS": "2097152"]))
        #expect(settings.layout.classes.map(\.slotCount) == [2_097_152, 8192, 16_384])
        #expect(settings.layout.classes.dropFirst() == CacheSettings.defaultLayout.classes.dropFirst())
    }

    @Test(arguments: ["1000", "3000000", "512", "134217728", "many"])
    func lookupSlotsThatAreNoPowerOfTwoInRangeAreRefused(value: String) {
        #expect(throws: ConfigurationError.self) {
            _ = try CacheSettings(environment: Environment(["CONTACTS_CACHE_LOOKUP_SLOTS": value]))
        }
    }
}
