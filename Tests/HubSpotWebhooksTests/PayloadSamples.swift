/// Webhook bodies as HubSpot documents them (/work/notes/hubspot-both-ways.md §5), kept verbatim.
enum PayloadSamples {
    /// The webhooks guide's sample batch; its type key is `eventType`.
    static let guideBatch = #"[{"objectId":1246965,"propertyName":"lifecyclestage","propertyValue":"subscriber","changeSource":"ACADEMY","eventId":3816279340,"subscriptionId":25,"portalId":33,"appId":1160452,"occurredAt":1462216307945,"eventType":"contact.propertyChange","attemptNumber":0},{"objectId":1246978,"changeSource":"IMPORT","eventId":3816279480,"subscriptionId":22,"portalId":33,"appId":1160452,"occurredAt":1462216307945,"eventType":"contact.creation","attemptNumber":0}]"#

    /// A realistic mixed delivery: renames, a company rename, a merge with a new record, a
    /// deletion, an association change, a privacy deletion and a deal event (ignored types), and
    /// the generic `object.*` shape.
    static let mixedBatch = #"""
    [
      {"eventId":201,"subscriptionId":2001,"portalId":62515,"appId":54321,"occurredAt":1790000000000,"subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":123,"propertyName":"firstname","propertyValue":"Ana","changeSource":"CRM_UI","sourceId":"userId:9876"},
      {"eventId":202,"subscriptionId":2002,"portalId":62515,"appId":54321,"occurredAt":1790000000001,"subscriptionType":"contact.propertyChange","attemptNumber":2,"objectId":"123","propertyName":"lastname","propertyValue":"","changeSource":"API"},
      {"eventId":203,"subscriptionId":2003,"portalId":62515,"appId":54321,"occurredAt":1790000000002,"subscriptionType":"company.propertyChange","attemptNumber":0,"objectId":777,"propertyName":"name","propertyValue":"Acme GmbH","changeSource":"CRM_UI"},
      {"eventId":204,"subscriptionId":2004,"portalId":62515,"appId":54321,"occurredAt":1790000000003,"subscriptionType":"contact.merge","attemptNumber":0,"objectId":123,"primaryObjectId":123,"mergedObjectIds":[456,"789"],"newObjectId":999,"numberOfPropertiesMoved":4,"changeSource":"CRM_UI"},
      {"eventId":205,"subscriptionId":2005,"portalId":62515,"appId":54321,"occurredAt":1790000000004,"subscriptionType":"contact.deletion","attemptNumber":0,"objectId":456,"changeSource":"CRM_UI"},
      {"eventId":206,"subscriptionId":2006,"portalId":62515,"appId":54321,"occurredAt":1790000000005,"subscriptionType":"contact.associationChange","attemptNumber":0,"objectId":123,"associationType":"CONTACT_TO_COMPANY","fromObjectId":123,"toObjectId":777,"associationRemoved":false,"isPrimaryAssociation":true,"changeSource":"USER"},
      {"eventId":207,"subscriptionId":2007,"portalId":62515,"appId":54321,"occurredAt":1790000000006,"subscriptionType":"contact.privacyDeletion","attemptNumber":0,"objectId":321},
      {"eventId":208,"subscriptionId":2008,"portalId":62515,"appId":54321,"occurredAt":1790000000007,"subscriptionType":"deal.propertyChange","attemptNumber":0,"objectId":55,"propertyName":"amount","propertyValue":"100"},
      {"eventId":209,"subscriptionId":2009,"portalId":62515,"appId":54321,"occurredAt":1790000000008,"subscriptionType":"object.propertyChange","objectTypeId":"0-1","attemptNumber":0,"objectId":124,"propertyName":"phone","propertyValue":"+14155550123"},
      {"eventId":210,"subscriptionId":2010,"portalId":62515,"appId":54321,"occurredAt":1790000000009,"subscriptionType":"object.merge","objectTypeId":"0-2","attemptNumber":0,"objectId":778,"primaryObjectId":778,"mergedObjectIds":[779]},
      {"eventId":211,"subscriptionId":2011,"portalId":62515,"appId":54321,"occurredAt":1790000000010,"subscriptionType":"object.creation","objectTypeId":"0-3","attemptNumber":0,"objectId":56},
      {"eventId":212,"subscriptionId":2012,"portalId":62515,"appId":54321,"occurredAt":1790000000011,"subscriptionType":"company.restore","attemptNumber":1,"objectId":777}
    ]
    """#
}
