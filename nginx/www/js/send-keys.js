// The Idempotency-Key of each send. A message composed here gets a new random key; the same
// request sent again after it got no answer (the network failed, or a gateway lost the answer)
// reuses it, so the server sends it out once however often the operator retries. Once the server
// has answered, the same text sent again is a new message with a new key. Unit-tested with a
// predictable key maker.

/** Whether a failed request may have reached the server without its answer reaching us: no
 *  answer at all (status 0), or a gateway's 502/504. */
export function isUnanswered(error) {
  return error.status === 0 || error.status === 502 || error.status === 504;
}

// The same JSON for equal bodies whatever the order of their members.
function canonical(body) {
  return JSON.stringify(Object.keys(body).sort().map((name) => [name, body[name]]));
}

/** The keys of the sends whose answer has not come. `newKey()` makes a fresh key (a random UUID
 *  by default). */
export class SendKeys {
  constructor(newKey = () => crypto.randomUUID()) {
    this.newKey = newKey;
    this.open = new Map();      // canonical body → key, for requests not answered yet
  }

  /** The key to send `body` (a POST /api/messages body) with: the one of the same body still
   *  unanswered, or a new one. */
  keyFor(body) {
    const id = canonical(body);
    let key = this.open.get(id);
    if (!key) {
      key = this.newKey();
      this.open.set(id, key);
    }
    return key;
  }

  /** Records the outcome of sending `body`: `error` null when the server answered 2xx, else the
   *  ApiError. An answered request forgets its key; an unanswered one keeps it for the retry. */
  settle(body, error) {
    if (!error || !isUnanswered(error)) this.open.delete(canonical(body));
  }
}
