#!/usr/bin/env node
// node-peer — the seed's stack at its best, as a benchmark peer.
//
// Usage:  node node-peer.js <port>          (listens on 127.0.0.1:<port>)
//
// The seed (a Node/Express backend) answered contact lookups from an in-memory
// cache. This is that architecture with everything slow removed: plain `http`,
// no framework, no middleware, contacts pre-serialized in a Map, so a lookup is
// one Map.get and one write. Behind nginx with upstream keep-alive this is the
// bar our cached-lookup path has to clear.
//
//   GET /lookup/<E.164 phone>  → 200 stored contact JSON, or 404 error JSON
//   GET /health                → 200 {"status":"ok",...}
//   anything else              → 404 (405 for non-GET) error JSON
//
// Seed data: BENCH_CONTACTS contacts (default 1000) with phones
// +1902555<0000..>, e.g. +19025550123; each body is ~200-250 bytes like the
// ceiling body. No npm packages.
'use strict';
const http = require('node:http');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write('usage: node node-peer.js <port>\n');
  process.exit(2);
}

/** phone (E.164) → pre-serialized contact JSON (Buffer) */
const contacts = new Map();
const count = Number(process.env.BENCH_CONTACTS || 1000);
for (let i = 0; i < count; i++) {
  const phone = '+1902555' + String(i).padStart(4, '0');
  const contact = {
    id: String(100000 + i),
    name: `Contact ${i}`,
    firstName: 'Contact',
    lastName: String(i),
    phone,
    mobilePhone: null,
    email: `contact${i}@example.com`,
    company: 'Example Golf Ltd',
    hubspotUrl: `https://app.hubspot.com/contacts/12345/record/0-1/${100000 + i}`,
  };
  contacts.set(phone, Buffer.from(JSON.stringify(contact)));
}

const startedAt = Date.now();

function send(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
  });
  res.end(body);
}

function error(res, status, code, message) {
  send(res, status, Buffer.from(JSON.stringify({ error: { code, message } })));
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    return error(res, 405, 'method_not_allowed', 'only GET is supported');
  }
  const url = req.url;
  if (url.startsWith('/lookup/')) {
    let phone;
    try {
      phone = decodeURIComponent(url.slice('/lookup/'.length));
    } catch {
      return error(res, 400, 'bad_request', 'malformed percent-encoding');
    }
    const body = contacts.get(phone);
    if (body) return send(res, 200, body);
    return error(res, 404, 'not_found', 'no contact with that phone number');
  }
  if (url === '/health') {
    const uptimeSeconds = Math.floor((Date.now() - startedAt) / 1000);
    return send(res, 200, Buffer.from(JSON.stringify({ status: 'ok', contacts: contacts.size, uptimeSeconds })));
  }
  return error(res, 404, 'not_found', 'unknown path');
});

// nginx's upstream keepalive_timeout is 60s (set explicitly in the bench
// config). Node must keep idle connections open at least that long, or it may
// close one just as nginx reuses it and nginx answers 502 for that request.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000; // must exceed keepAliveTimeout

server.listen(port, '127.0.0.1', () => {
  process.stderr.write(`node-peer: listening on 127.0.0.1:${port} (pid ${process.pid}, ${contacts.size} contacts)\n`);
});

function stop() {
  server.close();
  server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
