import Base
import Testing

@Suite("A memo striped by thread")
struct StripedMemoTests {
    @Test func aRememberedValueIsFoundAndReplaced() {
        let memo = StripedMemo<String, Int>(capacity: 1024)
        #expect(memo.value(for: "a") == nil)
        memo.remember(1, for: "a")
        #expect(memo.value(for: "a") == 1)
        memo.remember(2, for: "a")
        #expect(memo.value(for: "a") == 2)
    }

    /// One thread uses one stripe: with 2 entries a stripe, a third key starts the stripe over,
    /// and replacing a key the full stripe holds does not.
    @Test func aFullStripeStartsOverButAReplacementDoesNot() {
        let memo = StripedMemo<String, Int>(capacity: 32)
        memo.remember(1, for: "a")
        memo.remember(2, for: "b")
        memo.remember(20, for: "b")
        #expect(memo.value(for: "a") == 1 && memo.value(for: "b") == 20)
        memo.remember(3, for: "c")
        #expect(memo.value(for: "a") == nil && memo.value(for: "b") == nil)
        #expect(memo.value(for: "c") == 3)
    }

    @Test func threadsEachFindWhatTheyRemembered() async {
        let memo = StripedMemo<Int, Int>(capacity: 16_384)
        await withTaskGroup(of: Bool.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { index in
                        let key = worker * 1000 + index
                        memo.remember(key * 2, for: key)
                        return memo.value(for: key) == key * 2
                    }
                }
            }
            for await allFound in group { #expect(allFound) }
        }
    }
}
