import HubSpot
import SharedCache

/// The cache stats in Prometheus' text exposition format (version 0.0.4).
enum PrometheusText {
    static func render(_ stats: CacheStats, monitor: ConnectionMonitor.State) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            out += "# HELP hubspot_fcgi_\(name) \(help)\n# TYPE hubspot_fcgi_\(name) \(type)\n"
            out += "hubspot_fcgi_\(name) \(value)\n"
        }
        metric("cache_entries", "gauge", "Servable entries in the cache file.", String(stats.entries))
        metric("cache_fresh_entries", "gauge", "Entries not yet expired.", String(stats.freshEntries))
        metric("cache_capacity", "gauge", "Slots in the cache file.", String(stats.capacity))
        metric("cache_file_size_bytes", "gauge", "Size of the cache file.", String(stats.fileSize))
        metric("cache_fill_ratio", "gauge", "Entries divided by capacity.", String(stats.fillRatio))
        metric("cache_hit_ratio", "gauge", "Hits divided by lookups since the file was built.", String(stats.hitRatio))
        metric("cache_generation", "gauge", "Bumped by every clear.", String(stats.generation))
        metric("cache_oldest_entry_age_seconds", "gauge", "Age of the oldest servable entry.",
               String(stats.oldestEntryAge ?? 0))
        for counter in stats.namedCounters {
            metric("cache_\(counter.name)_total", "counter", "Cache counter \(counter.name), all processes.",
                   String(counter.value))
        }
        let connected: String
        if case .connected = monitor { connected = "1" } else { connected = "0" }
        metric("hubspot_connected", "gauge", "1 when the last HubSpot connection check succeeded.", connected)
        return out
    }
}
