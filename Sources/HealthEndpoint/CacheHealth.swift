import Base
import FastCGI
import HubSpot
import JSON
import SharedCache

/// The shared cache file as health shows it: `{"state":"ok","capacity":…,"fileBytes":…,
/// "generation":…,"ageSeconds":…,"hitRatio":…,"rebuilds":…}` or `{"state":"unavailable"}`.
///
/// O(1) per call (a few loads from the mapping, no slot scan). The cache is opened the way the
/// lookups open it (``ContactCache/init(openingWhenPossible:)``): a file that cannot be opened
/// (directory missing, permissions, disk full) or that is lost later (truncated, deleted) shows
/// as unavailable while the cache itself retries, and as ok again once it has reopened — no
/// restart. Public view: no path and no error text (those go to the log and the admin stats).
struct CacheHealth: Sendable {
    private let cache: ContactCache

    init(settings: CacheSettings) {
        cache = ContactCache(openingWhenPossible: settings)
    }

    var json: JSONValue {
        let summary = cache.file.summary()
        guard summary.isAvailable else { return ["state": "unavailable"] }
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
}
