import FastCGI
import HubSpot
import JSON
import SharedCache
import Synchronization

/// The shared cache file as health shows it: `{"state":"ok","capacity":…,"fileBytes":…,
/// "generation":…,"ageSeconds":…,"hitRatio":…,"rebuilds":…}` or `{"state":"unavailable"}`.
///
/// O(1) per call (a few loads from the mapping, no slot scan). A file that could not be opened
/// (directory missing, permissions, disk full) is retried at most every ``retrySpacing`` seconds,
/// so health turns back to ok without a restart once the cause is fixed. Public view: no path and
/// no error text (those go to the log and to the admin stats).
final class CacheHealth: Sendable {
    static let retrySpacing = 5.0
    private let settings: CacheSettings
    private let cache: Mutex<(cache: ContactCache?, nextTry: MonotonicTime)>

    init(settings: CacheSettings) {
        self.settings = settings
        cache = Mutex((nil, MonotonicTime.now()))
    }

    var json: JSONValue {
        guard let cache = openCache() else { return ["state": "unavailable"] }
        let summary = cache.file.summary()
        return [
            "state": "ok",
            "capacity": .int(Int64(summary.capacity)),
            "fileBytes": .int(Int64(summary.fileSize)),
            "generation": .int(Int64(summary.generation)),
            "ageSeconds": .int(max(0, (Timestamp.now().milliseconds - summary.createdAt) / 1000)),
            "hitRatio": .double((summary.hitRatio * 1000).rounded() / 1000),
            "rebuilds": .int(Int64(summary.rebuilds)),
        ]
    }

    private func openCache() -> ContactCache? {
        cache.withLock { (state: inout (cache: ContactCache?, nextTry: MonotonicTime)) -> ContactCache? in
            if let open = state.cache { return open }
            let now = MonotonicTime.now()
            guard now >= state.nextTry else { return nil }
            state.nextTry = now.adding(seconds: Self.retrySpacing)
            do {
                state.cache = try ContactCache(settings: settings)
            } catch {
                Log.warning("cache_unavailable", ["detail": "\(error)"])
            }
            return state.cache
        }
    }
}
