// fcgi-probe: a test-only responder that exposes the FastCGI runtime's behaviour to the
// end-to-end tests (slow requests for graceful shutdown, echo for parameter parsing, a failing
// handler for error rendering, start-up failures for the supervisor's back-off, a redirect nginx
// must ignore). Never routed by the shipped nginx config.
import Base
import FastCGI
import Glibc
import JSON

Responder.main(name: "fcgi-probe") { context in
    if getenv("PROBE_FAIL_AT_START") != nil { abort() }
    // A configuration error for as long as the named file exists (an operator fixing it later).
    if let marker = getenv("PROBE_MISCONFIGURED_WHILE"), access(marker, F_OK) == 0 {
        throw ConfigurationError("PROBE_MISCONFIGURED_WHILE: \(String(cString: marker)) exists")
    }
    var router = Router()
    router.get("/probe/echo") { routed in ProbeEcho.response(for: routed.request) }
    router.post("/probe/echo", maxBodyBytes: 1024, crossSite: .authenticatedByBody) { routed in ProbeEcho.response(for: routed.request) }
    router.get("/probe/slow") { routed in
        let milliseconds = min(Int(routed.request.query["ms"] ?? "") ?? 1000, 30_000)
        usleep(UInt32(milliseconds) * 1000)
        return Response(json: ["sleptMs": .int(Int64(milliseconds)), "pid": .int(Int64(getpid()))])
    }
    router.get("/probe/items/{id}") { routed in
        Response(json: ["id": .string(routed.capture("id"))])
    }
    // Served on a guarded location's socket by a test: a responder that asks nginx to redirect
    // internally into another realm's location, which nginx must not do.
    router.get("/api/contacts/lookup/{phone}") { _ in
        Response(headers: HTTPHeaders([("X-Accel-Redirect", "/api/contacts/cache/stats")]),
                 jsonBytes: Array(#"{"probe":"accel-redirect"}"#.utf8))
    }
    router.get("/probe/fail") { _ in
        struct ProbeFailure: Error {}
        throw ProbeFailure()
    }
    return router
}

enum ProbeEcho {
    static func response(for request: Request) -> Response {
        var headers = JSONObject()
        for field in request.headers { headers[field.name] = .string(field.value) }
        return Response(json: [
            "method": .string(request.method.rawValue),
            "rawPath": .string(request.rawPath),
            "segments": .array(request.pathSegments.map { .string($0) }),
            "query": .array(request.query.pairs.map { [.string($0.name), .string($0.value)] }),
            "headers": .object(headers),
            "remoteUser": request.remoteUser.map { .string($0) } ?? .null,
            "contentType": request.contentType.map { .string($0) } ?? .null,
            "bodyBytes": .int(Int64(request.body.count)),
            "pid": .int(Int64(getpid())),
        ])
    }
}
