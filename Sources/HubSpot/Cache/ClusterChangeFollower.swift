import Base
import Glibc
import Redis
import SharedCache

/// Applies the other hosts' changes (``ClusterChange``) to this host's cache file: one thread
/// per host, in whichever process holds the host's lock (`flock` on `<cache file>.cluster-lock`;
/// the kernel frees it when that process dies and another takes over within seconds). It reads
/// the cluster's stream with `XREAD BLOCK` on a connection of its own and, after a Redis outage,
/// goes on from the last change it applied; changes made while Redis was down were never
/// published, so answers cached then live out their TTL.
struct ClusterChangeFollower: Sendable {
    let cache: ContactCache
    let shared: SharedAnswers
    let reader: RedisClient

    init(cache: ContactCache, shared: SharedAnswers, url: RedisURL) {
        self.cache = cache
        self.shared = shared
        // A blocking read waits up to a second for changes: the connection must wait longer.
        reader = RedisClient(url: url, timeout: .seconds(3), idleConnections: 1)
    }

    /// Starts the follower's thread; it runs for the life of the process.
    func start() {
        spawnDetachedThread(stackBytes: 512 << 10) { run() }
    }

    private func run() {
        let lockPath = cache.settings.path + ".cluster-lock"
        var warned = false
        while true {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
            if fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 {
                follow()  // never returns while this process lives
            }
            if fd < 0, !warned {
                Log.warning("cluster_changes_unfollowed", ["path": lockPath, "detail": "cannot open the lock file; other hosts' changes reach this host's cache only by TTL"])
                warned = true
            }
            if fd >= 0 { close(fd) }
            sleepSeconds(2)
        }
    }

    private func follow() {
        var last = "$"
        while true {
            do throws(RedisError) {
                let reply = try reader.command(["XREAD", "COUNT", "100", "BLOCK", "1000", "STREAMS", shared.changesKey, last])
                for (id, fields) in Self.entries(reply) {
                    last = id
                    guard fields["origin"] != shared.origin, let kind = fields["kind"],
                          let change = ClusterChange(kind: kind, value: fields["value"] ?? "") else { continue }
                    apply(change)
                }
            } catch {
                sleepSeconds(1)
            }
        }
    }

    func apply(_ change: ClusterChange) {
        switch change {
        case .clear:
            cache.file.clear()
        case .key(let key):
            cache.file.remove(key)
        case .forget(let numbers, let contacts, let keeping):
            let known = cache.forgetLocally(numbers: Set(numbers), contacts: contacts, keeping: Set(keeping))
            // Numbers only this host's index knew: their answers in Redis name the old contact too.
            shared.drop(numbers: known.subtracting(numbers).subtracting(keeping).sorted())
        }
    }

    /// `XREAD`'s entries of the one stream asked for: (id, fields).
    static func entries(_ reply: RedisReply) -> [(String, [String: String])] {
        guard case .array(let streams) = reply, case .array(let stream)? = streams.first, stream.count == 2,
              case .array(let entries) = stream[1] else { return [] }
        return entries.compactMap { entry in
            guard case .array(let parts) = entry, parts.count == 2, let id = parts[0].text,
                  case .array(let flat) = parts[1] else { return nil }
            var fields: [String: String] = [:]
            var index = 0
            while index + 1 < flat.count {
                if let name = flat[index].text { fields[name] = flat[index + 1].text }
                index += 2
            }
            return (id, fields)
        }
    }
}
