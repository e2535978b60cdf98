/// What a store scan saw in one slot of the probe window.
struct SlotCandidate: Equatable {
    enum State: Equatable {
        /// Holds the key being stored: update in place.
        case sameKey
        /// Empty, of an older generation, dead (past its stale window), or abandoned by a writer
        /// that died inside it: reusable without evicting anything.
        case reusable
        /// Past its TTL but still servable as stale: evicted before anything fresh.
        case expired(expiresAt: Int64)
        /// Fresh; `referenced` is CLOCK's bit (hit since the last sweep).
        case live(referenced: Bool)
        /// A live writer is inside.
        case busy
    }

    let index: Int
    /// The sequence seen; the store re-checks it under the lease, so a slot that changed since
    /// the scan is not overwritten on stale information.
    let sequence: UInt64
    let state: State
}

/// The slot a store takes, and whether that pushes out a servable entry.
struct EvictionChoice: Equatable {
    let index: Int
    let sequence: UInt64
    let evicts: Bool
    /// Referenced slots the CLOCK hand passed over: their bits are cleared (second chance used).
    let passedOver: [Int]
}

/// The replacement policy, pure so it can be tested slot by slot: the key's own slot, then a
/// reusable one, then the expired entry closest to death, then CLOCK (an approximation of LRU)
/// over fresh entries starting at `hand`: a referenced entry loses its bit and is spared once;
/// the first unreferenced one goes. All referenced: the one at the hand goes.
enum Eviction {
    static func choose(_ window: [SlotCandidate], hand: Int) -> EvictionChoice? {
        if let same = window.first(where: { $0.state == .sameKey }) {
            return EvictionChoice(index: same.index, sequence: same.sequence, evicts: false, passedOver: [])
        }
        if let free = window.first(where: { $0.state == .reusable }) {
            return EvictionChoice(index: free.index, sequence: free.sequence, evicts: false, passedOver: [])
        }
        var oldest: (candidate: SlotCandidate, expiresAt: Int64)? = nil
        for candidate in window {
            if case .expired(let expiresAt) = candidate.state, expiresAt < (oldest?.expiresAt ?? .max) {
                oldest = (candidate, expiresAt)
            }
        }
        if let oldest {
            return EvictionChoice(index: oldest.candidate.index, sequence: oldest.candidate.sequence,
                                  evicts: true, passedOver: [])
        }
        guard !window.isEmpty else { return nil }
        var passed: [Int] = []
        var first: SlotCandidate? = nil
        for step in 0..<window.count {
            let candidate = window[(hand + step) % window.count]
            guard case .live(let referenced) = candidate.state else { continue }
            if first == nil { first = candidate }
            if !referenced {
                return EvictionChoice(index: candidate.index, sequence: candidate.sequence, evicts: true,
                                      passedOver: passed)
            }
            passed.append(candidate.index)
        }
        guard let first else { return nil }  // every slot busy
        return EvictionChoice(index: first.index, sequence: first.sequence, evicts: true,
                              passedOver: passed.filter { $0 != first.index })
    }
}
