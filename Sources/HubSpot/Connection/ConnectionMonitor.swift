import Base
import Glibc
import JSON

/// Whether HubSpot accepts our token, checked at start-up and again and again: a failed check
/// never disables anything — lookups always try HubSpot and serve what they can — it only tells
/// operators (health, logs, hubspot-check) what is wrong.
///
/// Logs `HubSpot connected` or the precise reason (bad token, missing scope by name,
/// unreachable) whenever the state changes.
public final class ConnectionMonitor: Sendable {
    public enum State: Sendable, Equatable {
        case unknown
        case connected(at: Timestamp)
        case failed(HubSpotError, at: Timestamp)
    }

    private let client: HubSpotClient
    /// The state and its JSON, rendered once per check: health reads it on every request.
    private let state = ReadMostly<(state: State, json: JSONValue)>((.unknown, ["state": "unknown"]))
    /// Re-check interval while connected, and (shorter) while failing.
    let interval: Double
    let retryInterval: Double

    public init(client: HubSpotClient, interval: Double = 300, retryInterval: Double = 30) {
        self.client = client
        self.interval = interval
        self.retryInterval = retryInterval
    }

    /// The monitor of `client`'s configuration: every ``HubSpotConfiguration/checkInterval``
    /// seconds while connected, at most every 30 while failing.
    public convenience init(client: HubSpotClient) {
        let interval = client.configuration.checkInterval
        self.init(client: client, interval: interval, retryInterval: min(30, interval))
    }

    public var current: State { state.read().state }

    /// Checks now (`GET /crm/v3/objects/contacts?limit=1`) and records the result.
    @discardableResult
    public func check() -> State {
        let result: State
        do {
            try client.verifyConnection()
            result = .connected(at: .now())
        } catch {
            result = .failed(error, at: .now())
        }
        let previous = state.replace(with: (result, Self.render(result))).state
        report(result, previous: previous)
        return result
    }

    /// Checks now and then keeps checking on a background thread for the life of the process.
    public func startPeriodicChecks() {
        spawnDetachedThread { [self] in
            while true {
                let result = check()
                if case .connected = result { sleepSeconds(interval) } else { sleepSeconds(retryInterval) }
            }
        }
    }

    /// The state as health and stats show it.
    public var json: JSONValue { state.read().json }

    static func render(_ state: State) -> JSONValue {
        switch state {
        case .unknown:
            return ["state": "unknown"]
        case .connected(let at):
            return ["state": "connected", "checkedAt": .string(at.iso8601)]
        case .failed(let error, let at):
            return ["state": "failed", "reason": .string(error.code), "message": .string(error.message),
                    "checkedAt": .string(at.iso8601)]
        }
    }

    private func report(_ result: State, previous: State) {
        switch (result, previous) {
        case (.connected, .connected):
            return
        case (.connected, _):
            Log.info("HubSpot connected", ["base_url": client.configuration.baseURL])
        case (.failed(let error, _), .failed(let old, _)) where old == error:
            return
        case (.failed(let error, _), _):
            var fields: KeyValuePairs<String, String> { ["reason": error.code, "detail": error.message] }
            Log.error("HubSpot connection failed", fields)
        case (.unknown, _):
            return
        }
    }
}
