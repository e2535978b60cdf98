import JSON

// `GET/POST/DELETE /__emulator/behaviour`: the account's behaviour as JSON, changed one setting
// at a time like the faults.
//
//     {"latencyMedianMs": 300, "latencyP99Ms": 300}     every call takes 300 ms
//     {"latencyMedianMs": 0}                            no latency
//     {"calculatedPhoneIN": "400"}                      works | 400 | empty
//     {"tenSecondlyLimit": 100, "retryAfter": true}
//     {"duplicateEmail": "hubspot"}                     409 | 400 | hubspot
//     {"randomSeed": 7}                                 restarts the latency sequence
//     {"communicationIndexLagMs": 2000}                 new communications reach search 2 s later
//     {"userDefinedLabels": true}                       labels list a USER_DEFINED label first
//     {"webhookDuplicatePercent": 10, "webhookReorder": true}
//     {"mergeCreatesNewID": true}                       a merge gives the survivor a new id
//
// `phoneRegion` is reported but fixed at start-up: the calculated properties are computed when
// records are seeded or created.
extension AccountBehaviour {
    private static let keys: Set<String> = ["latencyMedianMs", "latencyP99Ms", "randomSeed", "calculatedPhoneIN",
                                            "tenSecondlyLimit", "retryAfter", "duplicateEmail", "phoneRegion",
                                            "communicationIndexLagMs", "userDefinedLabels", "webhookDuplicatePercent",
                                            "webhookReorder", "mergeCreatesNewID"]

    /// Applies a POST body; a message saying what is wrong otherwise (nothing is changed then).
    mutating func apply(_ json: JSONValue) -> String? {
        guard let object = json.objectValue else { return "the body must be a JSON object" }
        if let unknown = object.keys.first(where: { !Self.keys.contains($0) }) {
            return "unknown setting \"\(unknown)\"; known: \(Self.keys.sorted().joined(separator: ", "))"
        }
        var next = self
        if let value = object["phoneRegion"], value.stringValue != phoneRegion.rawValue {
            return "phoneRegion is fixed at start-up (--phone-region, HUBSPOT_EMULATOR_PHONE_REGION)"
        }
        if object["latencyMedianMs"] != nil || object["latencyP99Ms"] != nil {
            let range = Int64(0)...Int64(LatencyDistribution.maxMs)
            var median = Int64(latency.medianMs)
            if let value = object["latencyMedianMs"] {
                guard let ms = value.intValue, range.contains(ms) else {
                    return "latencyMedianMs must be 0…\(LatencyDistribution.maxMs)"
                }
                median = ms
            }
            var p99 = object["latencyMedianMs"] != nil ? median * 4 : Int64(latency.p99Ms)
            if let value = object["latencyP99Ms"] {
                guard let ms = value.intValue, range.contains(ms), ms >= median else {
                    return "latencyP99Ms must be latencyMedianMs…\(LatencyDistribution.maxMs)"
                }
                p99 = ms
            }
            next.latency = LatencyDistribution(medianMs: Int(median), p99Ms: Int(min(p99, range.upperBound)))
        }
        if let value = object["randomSeed"] {
            guard let seed = value.intValue, seed >= 0 else { return "randomSeed must be a non-negative integer" }
            next.randomSeed = UInt64(seed)
        }
        if let value = object["calculatedPhoneIN"] {
            guard let text = value.stringValue, let choice = CalculatedPhoneIN(rawValue: text) else {
                return "calculatedPhoneIN must be works, 400 or empty"
            }
            next.calculatedPhoneIN = choice
        }
        if let value = object["tenSecondlyLimit"] {
            guard let limit = value.intValue, (0...100_000).contains(limit) else {
                return "tenSecondlyLimit must be 0 (unlimited)…100000"
            }
            next.tenSecondlyLimit = Int(limit)
        }
        if let value = object["retryAfter"] {
            guard case .bool(let flag) = value else { return "retryAfter must be true or false" }
            next.retryAfter = flag
        }
        if let value = object["duplicateEmail"] {
            guard let text = value.stringValue, let choice = DuplicateEmailAnswer(rawValue: text) else {
                return "duplicateEmail must be 409, 400 or hubspot"
            }
            next.duplicateEmail = choice
        }
        if let value = object["communicationIndexLagMs"] {
            guard let ms = value.intValue, (0...600_000).contains(ms) else {
                return "communicationIndexLagMs must be 0…600000"
            }
            next.communicationIndexLagMs = Int(ms)
        }
        if let value = object["webhookDuplicatePercent"] {
            guard let percent = value.intValue, (0...100).contains(percent) else {
                return "webhookDuplicatePercent must be 0…100"
            }
            next.webhookDuplicatePercent = Int(percent)
        }
        for (key, path) in [("userDefinedLabels", \AccountBehaviour.userDefinedLabels), ("webhookReorder", \.webhookReorder),
                            ("mergeCreatesNewID", \.mergeCreatesNewID)] {
            guard let value = object[key] else { continue }
            guard case .bool(let flag) = value else { return "\(key) must be true or false" }
            next[keyPath: path] = flag
        }
        self = next
        return nil
    }

    var json: JSONValue {
        ["latencyMedianMs": .int(Int64(latency.medianMs)), "latencyP99Ms": .int(Int64(latency.p99Ms)),
         "randomSeed": .int(Int64(bitPattern: randomSeed)), "phoneRegion": .string(phoneRegion.rawValue),
         "calculatedPhoneIN": .string(calculatedPhoneIN.rawValue), "tenSecondlyLimit": .int(Int64(tenSecondlyLimit)),
         "retryAfter": .bool(retryAfter), "duplicateEmail": .string(duplicateEmail.rawValue),
         "communicationIndexLagMs": .int(Int64(communicationIndexLagMs)), "userDefinedLabels": .bool(userDefinedLabels),
         "webhookDuplicatePercent": .int(Int64(webhookDuplicatePercent)), "webhookReorder": .bool(webhookReorder),
         "mergeCreatesNewID": .bool(mergeCreatesNewID)]
    }
}
