import Base
import Glibc
import Redis
import SharedCache

/// Applies the other hosts' changes (``ClusterChange``) to this host's cache file: one thread
/// per host, in whichever process holds the host's lock (`flock` on `<cache file>.cluster-lock`;
/// the kernel frees it when that process dies and another takes over within seconds). It reads
/// the cluster's stream with `XREAD BLOCK` on a connection of its own.
///
/// Where it is in the stream is kept in Redis (`…:applied:<host>`) after every batch, so a
/// follower that takes over (another process of the host, after a restart or a Redis outage)
/// goes on from the last change applied, none skipped; only changes made while Redis itself was
/// down were never published, and the answers cached then live out their TTL. It stops once its
/// cache is released (tests make many).
final class ClusterChangeFollower: @unchecked Sendable {
    /// Weak: the cache owns what follows it, not the other way round.
    private weak var cache: ContactCache?
    private let shared: SharedAnswers
    private let reader: RedisClient
    private let lockPath: String
    /// True while this process holds the host's lock and reads the stream.
    let isFollowing = ReadMostly(false)

    init(cache: ContactCache, shared: SharedAnswers, url: RedisURL) {
        self.cache = cache
        self.shared = shared
        lockPath = cache.settings.path + ".cluster-lock"
        // A blocking read waits up to a second for changes: the connection must wait longer.
        reader = RedisClient(url: url, timeout: .seconds(3), idleConnections: 1)
    }

    var appliedKey: String { shared.prefix + "applied:" + shared.origin }

    /// Starts the follower's thread.
    func start() {
        spawnDetachedThread(stackBytes: 512 << 10) { [self] in run() }
    }

    private func run() {
        var warned = false
        while cache != nil {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
            if fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 {
                follow()  // returns once the cache is gone
                isFollowing.replace(with: false)
            }
            if fd < 0, !warned {
                Log.warning("cluster_changes_unfollowed", ["path": lockPath, "detail": "cannot open the lock file; other hosts' changes reach this host's cache only by TTL"])
                warned = true
            }
            if fd >= 0 { close(fd) }
            if cache != nil { sleepSeconds(2) }
        }
    }

    private func follow() {
        var last: String? = nil
        var refusedLogged = false
        while cache != nil {
            do throws(RedisError) {
                let from: String
                if let last { from = last } else { from = try startingPoint() }
                last = from
                isFollowing.replace(with: true)
                let reply = try reader.command(["XREAD", "COUNT", "100", "BLOCK", "1000", "STREAMS", shared.changesKey, from])
                if case .error(let message) = reply {
                    // NOAUTH, WRONGTYPE (a prefix shared with something else), LOADING: wait, say so once.
                    if !refusedLogged { Log.warning("cluster_changes_refused", ["detail": message]) }
                    refusedLogged = true
                    sleepSeconds(1)
                    continue
                }
                refusedLogged = false
                let entries = Self.entries(reply)
                guard let cache, !entries.isEmpty else { continue }
                for (id, fields) in entries {
                    last = id
                    guard fields["origin"] != shared.origin, let kind = fields["kind"],
                          let change = ClusterChange(kind: kind, value: fields["value"] ?? "") else { continue }
                    Self.apply(change, to: cache, shared: shared)
                }
                if let last { _ = try? reader.command(["SET", appliedKey, last, "EX", "86400"]) }
            } catch {
                sleepSeconds(1)
            }
        }
    }

    /// Where a follower starts: after the last change this host applied, or, for a host new to
    /// the cluster, after the newest change (an ID, never `$`, which would skip what arrives
    /// between two reads).
    private func startingPoint() throws(RedisError) -> String {
        if let applied = try reader.command(["GET", appliedKey]).text { return applied }
        let newest = try reader.command(["XREVRANGE", shared.changesKey, "+", "-", "COUNT", "1"])
        var start = "0-0"
        if case .array(let entries) = newest, case .array(let parts)? = entries.first, let id = parts.first?.text {
            start = id
        }
        // Noted at once: a process taking over before this one applied anything goes on from here.
        _ = try reader.command(["SET", appliedKey, start, "EX", "86400"])
        return start
    }

    static func apply(_ change: ClusterChange, to cache: ContactCache, shared: SharedAnswers) {
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
