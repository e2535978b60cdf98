/// One `cache-exerciser` process (the helper executable built beside this test bundle).
extension ChildProcess {
    /// Spawns the exerciser with `arguments`; its result lines come through ``readLine(timeout:)``.
    static func exerciser(_ arguments: [String]) -> ChildProcess {
        spawn(executable: siblingExecutable("cache-exerciser"), arguments: arguments)
    }
}

/// `key=value` fields of an exerciser result line.
func fields(_ line: String?) -> [String: Int] {
    var result: [String: Int] = [:]
    for part in (line ?? "").split(separator: " ") {
        let pair = part.split(separator: "=", maxSplits: 1)
        if pair.count == 2, let value = Int(pair[1]) { result[String(pair[0])] = value }
    }
    return result
}
