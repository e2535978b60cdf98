import Base

/// How long the supervisor waits before respawning a worker: at once after a worker that ran a
/// while, else `initialSeconds` doubling with each death in a row, capped at `maxSeconds`. It never
/// stops trying: workers killed by the OOM killer or a configuration being fixed must come back
/// without anyone restarting the stack.
struct RespawnBackoff: Sendable, Equatable {
    var initialSeconds = 0.1
    var maxSeconds = 30.0
    /// A worker up this long has proven itself: its slot's count of deaths in a row starts again.
    var stableSeconds = 10.0

    /// The wait before the next start after `deaths` deaths in a row (0 for none).
    func delay(afterDeaths deaths: Int) -> Double {
        guard deaths > 0 else { return 0 }
        var seconds = initialSeconds
        for _ in 1..<deaths {
            seconds *= 2
            if seconds >= maxSeconds { return maxSeconds }
        }
        return min(seconds, maxSeconds)
    }

    /// Whether a worker that lived `seconds` died young (counts towards the back-off).
    func diedYoung(afterSeconds seconds: Double) -> Bool { seconds < stableSeconds }
}
