// openphone-replay: POSTs OpenPhone webhook deliveries from a JSON file (an array of events),
// each signed with OPENPHONE_WEBHOOK_SECRET — alternately in the new (webhook-signature) and the
// legacy (openphone-signature) scheme — to a webhook URL. The demo stack uses it to fill the inbox
// with sample conversations; replaying the same file again stores nothing twice.
//
//   OPENPHONE_WEBHOOK_SECRET=whsec_… openphone-replay --url https://localhost:8443/api/webhooks/openphone \
//       --cacert .stack/tls/ca.crt nginx/demo/openphone-deliveries.json
//
// The secret comes from the environment only (an argument would show in `ps`).
// Exit 0 when every delivery was answered 2xx; 1 otherwise; 64 on bad usage.
import Base
import Glibc
import HTTPClient
import JSON
import OpenPhone

func fail(_ message: String, status: Int32 = 64) -> Never {
    Console.error("openphone-replay: \(message)")
    exit(status)
}

var arguments = Array(CommandLine.arguments.dropFirst())[...]
var url: String?, caFile: String?, file: String?
while let argument = arguments.popFirst() {
    switch argument {
    case "--url": url = arguments.popFirst()
    case "--cacert": caFile = arguments.popFirst()
    case "--help", "-h":
        print("usage: openphone-replay --url URL [--cacert FILE] DELIVERIES.json  (secret: OPENPHONE_WEBHOOK_SECRET)")
        exit(0)
    default: file = argument
    }
}
guard let url, let file else { fail("usage: openphone-replay --url URL [--cacert FILE] DELIVERIES.json") }
let secret: WebhookSecret
do {
    secret = try WebhookSecret(configured: getenv("OPENPHONE_WEBHOOK_SECRET").map { String(cString: $0) } ?? "")
} catch {
    fail(error.message, status: 78)
}

guard let handle = fopen(file, "rb") else { fail("\(file): \(String(cString: strerror(errno)))", status: 1) }
var bytes: [UInt8] = []
var buffer = [UInt8](repeating: 0, count: 65_536)
while case let count = fread(&buffer, 1, buffer.count, handle), count > 0 { bytes += buffer[..<count] }
fclose(handle)
guard case .array(let deliveries)? = try? JSONValue(parsing: bytes) else {
    fail("\(file) is not a JSON array of webhook events", status: 1)
}

var configuration = HTTPClientConfiguration()
configuration.caFile = caFile
let client = HTTPClient(configuration: configuration)
let signer = WebhookSigner(secret: secret)
var failures = 0
for (index, delivery) in deliveries.enumerated() {
    let body = delivery.encoded()
    let now = Timestamp.now()
    do {
        // Alternate the two schemes OpenPhone uses, so both paths are exercised by the demo.
        let headers = index % 2 == 0
            ? try signer.standardHeaders(body: body, id: "msg_replay_\(index)_\(now.milliseconds)",
                                         timestampSeconds: now.seconds)
            : try signer.legacyHeaders(body: body, timestampMilliseconds: now.milliseconds)
        let response = try client.send(HTTPClientRequest(
            method: "POST", url: url,
            headers: [("Content-Type", "application/json")] + headers.fields.map { ($0.name, $0.value) },
            body: body))
        if !(200..<300).contains(response.status) { failures += 1 }
        print("\(delivery["id"]?.stringValue ?? "?") → \(response.status) \(String(decoding: response.body, as: UTF8.self))")
    } catch {
        failures += 1
        print("\(delivery["id"]?.stringValue ?? "?") → \(error)")
    }
}
exit(failures == 0 ? 0 : 1)
