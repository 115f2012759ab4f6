// Stands in for webpush's device API during the browser run: serves a VAPID public key and
// records the subscription the app PUTs (with its device token), answering CORS as webpush does.
import { createServer } from 'node:http';
import { createECDH } from 'node:crypto';

export function startFakeWebpush(port, allowedOrigin) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const publicKey = ecdh.getPublicKey().toString('base64url');
  const subscriptions = [];
  const keyRequests = [];
  const server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', allowedOrigin);
    response.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
    response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'GET' && request.url === '/api/v1/push/public-key') {
      keyRequests.push(Date.now());
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ publicKey }));
      return;
    }
    const match = /^\/api\/v1\/push\/subscriptions\/([^/]+)$/.exec(request.url);
    if (request.method === 'PUT' && match) {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        subscriptions.push({ deviceId: match[1], authorization: request.headers.authorization, subscription: JSON.parse(body) });
        response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ deviceId: match[1], status: 'created' }));
      });
      return;
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ subscriptions, keyRequests, close: () => server.close() })));
}
