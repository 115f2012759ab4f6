// A local RFC 8030 push service for the tests. It creates subscriptions (a P-256 key pair and an
// auth secret, as a browser would), receives pushes, decrypts them with http_ece, verifies the
// VAPID token with Node's crypto, and answers with the status codes a test scripts for it.
// Listens on 127.0.0.1 on a random port and prints "listening <port>" when ready.
import http from 'node:http';
import crypto from 'node:crypto';
import ece from 'http_ece';

const subscriptions = new Map();
let port = 0;

function b64url(buffer) {
  return Buffer.from(buffer).toString('base64url');
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

// The application server's key, parsed once: the benchmark sends thousands of pushes with it, and
// this harness shares the cores with the server it measures.
const vapidKeys = new Map();
function vapidKey(key) {
  let publicKey = vapidKeys.get(key);
  if (!publicKey) {
    const raw = Buffer.from(key, 'base64url');
    publicKey = crypto.createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) },
      format: 'jwk',
    });
    vapidKeys.set(key, publicKey);
  }
  return publicKey;
}

// RFC 8292: Authorization: vapid t=<jwt>, k=<key>. Returns the claims and whether the signature holds.
function checkVapid(header) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header || '');
  if (!match) return { valid: false, reason: 'no vapid header' };
  const [, token, key] = match;
  const [h, c, s] = token.split('.');
  const publicKey = vapidKey(key);
  const valid = crypto.verify('sha256', Buffer.from(`${h}.${c}`), { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'));
  return { valid, header: JSON.parse(Buffer.from(h, 'base64url')), claims: JSON.parse(Buffer.from(c, 'base64url')), key };
}

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url, `http://127.0.0.1:${port}`);
  const parts = url.pathname.split('/').filter(Boolean);
  try {
    if (request.method === 'POST' && url.pathname === '/control/subscriptions') {
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = crypto.randomBytes(16);
      const id = crypto.randomUUID();
      subscriptions.set(id, { ecdh, auth, script: [], messages: [] });
      return send(response, 201, {
        id,
        endpoint: `http://127.0.0.1:${port}/push/${id}`,
        keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) },
      });
    }
    if (parts[0] === 'control' && parts[1] === 'subscriptions' && subscriptions.has(parts[2])) {
      const subscription = subscriptions.get(parts[2]);
      if (request.method === 'POST' && parts[3] === 'script') {
        subscription.script = JSON.parse((await readBody(request)).toString()).statuses;
        return send(response, 204);
      }
      if (request.method === 'GET' && parts[3] === 'messages') {
        return send(response, 200, subscription.messages);
      }
    }
    if (request.method === 'POST' && parts[0] === 'push') {
      const subscription = subscriptions.get(parts[1]);
      if (!subscription) return send(response, 404, { error: 'no such subscription' });
      const body = await readBody(request);
      const status = subscription.script.length > 0 ? subscription.script.shift() : 201;
      const record = {
        status,
        headers: {
          ttl: request.headers.ttl,
          urgency: request.headers.urgency,
          topic: request.headers.topic,
          contentEncoding: request.headers['content-encoding'],
        },
        vapid: checkVapid(request.headers.authorization),
        bytes: body.length,
      };
      try {
        record.payload = ece.decrypt(body, {
          version: 'aes128gcm', privateKey: subscription.ecdh, authSecret: subscription.auth,
        }).toString('utf8');
      } catch (error) {
        record.decryptError = String(error);
      }
      subscription.messages.push(record);
      if (status === 429) response.setHeader('retry-after', '0');
      return send(response, status, status === 201 ? undefined : { error: `scripted ${status}` });
    }
    return send(response, 404, { error: 'not found' });
  } catch (error) {
    return send(response, 500, { error: String(error) });
  }
});

server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  process.stdout.write(`listening ${port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
