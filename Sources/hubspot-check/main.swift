// hubspot-check: is a HubSpot configuration right? Verifies the token, probes whether `IN`
// works on the calculated phone properties, looks up a phone number, searches a name; exit 0
// only when the connection works.
//
//   hubspot-check "(902) 555-1234" "John Smith"
import Base
import Glibc
import HubSpot
import JSON
import PhoneNumbers

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print("usage: hubspot-check [PHONE] [NAME]   (configuration from HUBSPOT_* environment variables)")
    exit(0)
}

let configuration: HubSpotConfiguration
do {
    configuration = try HubSpotConfiguration(environment: .current())
} catch {
    print("configuration error: \(error)")
    exit(ExitCode.configuration)
}
let client = HubSpotClient(configuration: configuration)
let directory = ContactDirectory(client: client)
print("HubSpot: \(configuration.baseURL)")

let monitor = ConnectionMonitor(client: client)
var connected = false
switch monitor.check() {
case .connected:
    connected = true
    print("✓ HubSpot connected")
case .failed(let error, _):
    print("✗ HubSpot connection failed: \(error.message) [\(error.code)]")
case .unknown:
    break
}

if connected {
    // Undocumented, so asked of the account itself (see InOperatorProbe): how batches will run.
    switch try? InOperatorProbe().finding(client: client, timeout: configuration.requestTimeout * 2) {
    case .works: print("✓ IN on calculated phone properties works: batches of 25 numbers a search")
    case .refused: print("• IN on calculated phone properties refused (400): batches of 2 numbers a search (EQ groups)")
    case .silentlyEmpty: print("• IN on calculated phone properties matches nothing: batches of 2 numbers a search (EQ groups)")
    case .untested: print("• IN on calculated phone properties untested (no contact has a phone number yet)")
    case nil: print("• IN on calculated phone properties: HubSpot did not answer the probe")
    }
}

func describe(_ contact: Contact) -> String {
    let name = contact.name ?? "(no name)"
    let phone = contact.phone ?? contact.mobilePhone ?? "-"
    return "\(name) · \(phone) · \(contact.email ?? "-") · \(contact.company ?? "-") · id \(contact.id)"
}

if let phoneText = arguments.first {
    do {
        let number = try PhoneNumber(parsing: phoneText, defaultRegion: configuration.defaultRegion)
        print("lookup \(phoneText) → \(number.e164)")
        let started = MonotonicTime.now()
        let contact = try directory.lookup(number)
        let milliseconds = Int(MonotonicTime.now().seconds(since: started) * 1000)
        print(contact.map { "  found: \(describe($0)) (\(milliseconds) ms)" } ?? "  not in HubSpot (\(milliseconds) ms)")
    } catch let error as PhoneNumberError {
        print("  not a phone number: \(error.message(quoting: phoneText))")
    } catch let error as HubSpotError {
        print("  HubSpot could not answer: \(error.message)")
    } catch {
        print("  failed: \(error)")
    }
}

if arguments.count > 1 {
    let name = arguments[1]
    print("search \"\(name)\"")
    do {
        let page = try directory.search(SearchQuery(name, region: configuration.defaultRegion), limit: 5, after: nil)
        if page.contacts.isEmpty { print("  no contacts") }
        for contact in page.contacts { print("  \(describe(contact))") }
    } catch {
        print("  HubSpot could not answer: \(error.message)")
    }
}

exit(connected ? 0 : 1)
