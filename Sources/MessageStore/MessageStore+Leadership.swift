import Base
import Synchronization

/// A job one process of the whole deployment does at a time: the name sync's loop, the
/// communications outbox. Their claims already keep two of them from doing the same row twice;
/// one at a time also keeps HubSpot from seeing every host's share of the rate at once.
public enum ClusterJob: Sendable {
    case nameSync
    case communicationsOutbox

    /// The job's PostgreSQL advisory lock.
    var lockKey: Int64 {
        switch self {
        case .nameSync: AdvisoryLock.nameSync.key
        case .communicationsOutbox: AdvisoryLock.communicationsOutbox.key
        }
    }
}

/// Whether this process is the one doing a ``ClusterJob``: with the store in PostgreSQL, it holds
/// the job's session advisory lock on a connection of its own, which the server frees the moment
/// the process or its connection goes away, so another host's process takes over at its next
/// ask; with a SQLite file (one host) every process leads.
///
/// ```swift
/// let leadership = store.leadership(.nameSync)
/// if leadership.isLeader() { sync.run(…) }
/// ```
public final class Leadership: Sendable {
    public let job: ClusterJob
    private let connect: (@Sendable () throws(MessageStoreError) -> PostgresConnection)?
    private let held = Mutex<PostgresConnection?>(nil)

    init(job: ClusterJob, connect: (@Sendable () throws(MessageStoreError) -> PostgresConnection)?) {
        self.job = job
        self.connect = connect
    }

    /// True while this process leads: checks the lock's connection, or tries to take the lock.
    /// False while the database cannot be reached (nobody can be sure to lead then).
    public func isLeader() -> Bool {
        guard let connect else { return true }
        return held.withLock { connection in
            if let current = connection {
                if (try? current.statement("SELECT 1").first([], { _ in true })) == true { return true }
                connection = nil  // gone, and its lock with it
            }
            guard let fresh = try? connect(),
                  (try? fresh.statement("SELECT pg_try_advisory_lock(?)").first([.integer(job.lockKey)], { $0.integer(0) })) == 1
            else { return false }
            connection = fresh
            return true
        }
    }

    /// Gives the job up now (a stopping process), instead of when its connection closes.
    public func resign() {
        held.withLock { $0 = nil }
    }
}

extension MessageStore {
    /// Who does `job` across the deployment (``Leadership``).
    public func leadership(_ job: ClusterJob) -> Leadership {
        switch location {
        case .file:
            return Leadership(job: job, connect: nil)
        case .postgres(let url):
            return Leadership(job: job, connect: { () throws(MessageStoreError) in
                try PostgresConnection(url: url.reveal(), connectTimeoutSeconds: 5, statementTimeoutMilliseconds: 5000)
            })
        }
    }
}
