import FastCGI
import Glibc
import JSON

/// The health answer. Later layers (HubSpot connection, cache file) add their state here.
struct HealthReport {
    let context: ResponderContext

    func response() -> Response {
        let now = Timestamp.now()
        let body: JSONValue = [
            "status": "ok",
            "service": .string(BuildInfo.product),
            "version": .string(BuildInfo.version),
            "uptimeSeconds": .int(max(0, now.seconds - context.startedAt.seconds)),
            "startedAt": .string(context.startedAt.iso8601),
            "time": .string(now.iso8601),
            "pid": .int(Int64(getpid())),
            "workers": .int(Int64(context.workers)),
            "threadsPerWorker": .int(Int64(context.threadsPerWorker)),
        ]
        return Response(headers: HTTPHeaders([("Cache-Control", "no-store")]), json: body)
    }
}
