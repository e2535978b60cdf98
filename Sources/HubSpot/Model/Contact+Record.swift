extension Contact {
    /// Writes every field, in declaration order, as part of a cache record.
    func write(to writer: inout RecordWriter) {
        writer.write(id)
        for field in [firstName, lastName, phone, mobilePhone, email, company, companyID, hubspotURL] { writer.write(field) }
    }

    /// Reads what ``write(to:)`` wrote.
    init(reading reader: inout RecordReader) throws(RecordReader.Malformed) {
        id = try reader.readRequiredString()
        guard !id.isEmpty else { throw RecordReader.Malformed() }
        firstName = try reader.readString()
        lastName = try reader.readString()
        phone = try reader.readString()
        mobilePhone = try reader.readString()
        email = try reader.readString()
        company = try reader.readString()
        companyID = try reader.readString()
        hubspotURL = try reader.readString()
    }
}
