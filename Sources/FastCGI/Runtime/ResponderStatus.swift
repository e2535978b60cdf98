import Base
import JSON

/// What a responder's supervisor tells the health endpoint about its workers, through a small
/// file (see ``ResponderStatusFile``): whether they run, or why the supervisor is backing off.
public struct ResponderStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case ok
        /// Workers keep dying young; the supervisor respawns them with a growing delay.
        case backingOff = "backing_off"
        /// Workers exit with the configuration/usage code; retried with the same delays, since
        /// the configuration may be fixed (or a missing file appear) while the stack runs.
        case misconfigured
    }

    /// Why a responder is not `ok`, as a code safe to show publicly.
    public enum Reason: String, Sendable {
        case workerCrashLoop = "worker_crash_loop"
        case workerConfigurationError = "worker_configuration_error"
        case workerSpawnFailed = "worker_spawn_failed"
    }

    public var responder: String
    public var state: State
    public var reason: Reason?
    /// Deaths in a row of the worst worker slot (0 when ok).
    public var deaths: Int
    /// The next respawn attempt, while one is scheduled.
    public var retryAt: Timestamp?
    public var updatedAt: Timestamp
    /// The supervisor writing this file, so a reader can tell a file left by a killed one.
    public var supervisorPID: Int32

    public init(responder: String, state: State, reason: Reason? = nil, deaths: Int = 0,
                retryAt: Timestamp? = nil, updatedAt: Timestamp = .now(), supervisorPID: Int32) {
        self.responder = responder
        self.state = state
        self.reason = reason
        self.deaths = deaths
        self.retryAt = retryAt
        self.updatedAt = updatedAt
        self.supervisorPID = supervisorPID
    }

    public var isOK: Bool { state == .ok }

    /// The file's contents: one JSON object.
    public func encoded() -> [UInt8] {
        var object: JSONObject = [
            "responder": .string(responder), "state": .string(state.rawValue), "deaths": .int(Int64(deaths)),
            "updatedAtMs": .int(updatedAt.milliseconds), "supervisorPid": .int(Int64(supervisorPID)),
        ]
        if let reason { object["reason"] = .string(reason.rawValue) }
        if let retryAt { object["retryAtMs"] = .int(retryAt.milliseconds) }
        return JSONValue.object(object).encoded()
    }

    /// Reads what ``encoded()`` wrote; nil for anything else (a torn or foreign file).
    public init?(decoding bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes),
              let responder = value["responder"]?.stringValue,
              let state = value["state"]?.stringValue.flatMap(State.init(rawValue:)),
              let deaths = value["deaths"]?.intValue,
              let updated = value["updatedAtMs"]?.intValue,
              let pid = value["supervisorPid"]?.intValue, let supervisorPID = Int32(exactly: pid)
        else { return nil }
        let reason = value["reason"]?.stringValue.flatMap(Reason.init(rawValue:))
        self.init(responder: responder, state: state, reason: reason, deaths: Int(deaths),
                  retryAt: value["retryAtMs"]?.intValue.map(Timestamp.init(milliseconds:)),
                  updatedAt: Timestamp(milliseconds: updated), supervisorPID: supervisorPID)
    }

    /// Health's public view of every responder: state and reason codes, never paths or pids. A
    /// status whose supervisor no longer runs is shown as `stopped`. `degraded` when any is not ok.
    public static func publicView(_ statuses: [ResponderStatus], now: Timestamp,
                                  isRunning: (Int32) -> Bool) -> (degraded: Bool, json: JSONValue) {
        var object = JSONObject()
        var degraded = false
        for status in statuses.sorted(by: { $0.responder < $1.responder }) {
            var entry: JSONObject
            if !isRunning(status.supervisorPID) {
                entry = ["state": "stopped", "reason": "supervisor_not_running"]
            } else {
                entry = ["state": .string(status.state.rawValue)]
                if let reason = status.reason { entry["reason"] = .string(reason.rawValue) }
                if !status.isOK {
                    entry["deaths"] = .int(Int64(status.deaths))
                    if let retryAt = status.retryAt {
                        entry["retryInSeconds"] = .int(max(0, (retryAt.milliseconds - now.milliseconds + 999) / 1000))
                    }
                }
            }
            if entry["state"] != "ok" { degraded = true }
            object[status.responder] = .object(entry)
        }
        return (degraded, .object(object))
    }
}
