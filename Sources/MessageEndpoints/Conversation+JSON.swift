import Base
import ContactEndpoints
import FastCGI
import HubSpot
import JSON
import MessageStore
import Messages

extension Conversation {
    /// The conversation as the list answers it; `portalID` adds the HubSpot record link.
    public func json(portalID: String?) -> JSONValue {
        var object: JSONObject = [
            "id": .int(id.rawValue),
            "phone": .string(customer.rawValue),
            "line": .string(line.rawValue),
            "name": name.map { .string($0.rawValue) } ?? .null,
            "nameSource": nameSource == .none ? .null : .string(nameSource.rawValue),
            "company": company.map { .string($0) } ?? .null,
            "hubspotContactId": hubspotContactID.map { .string($0) } ?? .null,
        ]
        if let portalID, let contact = hubspotContactID {
            object["hubspotUrl"] = .string("https://app.hubspot.com/contacts/\(portalID)/record/0-1/\(contact)")
        }
        object["lastMessage"] = [
            "text": .string(lastMessage.text),
            "at": .string(Timestamp(milliseconds: lastMessage.at.rawValue).iso8601),
            "direction": .string(lastMessage.direction.rawValue),
        ]
        object["unreadCount"] = .int(Int64(unreadCount))
        object["optedOut"] = .bool(optedOut)
        return .object(object)
    }
}
