// Stands in for sip-proxy's HTTP API during the browser run: records the decline the service
// worker sends (POST /api/v1/calls/{callId}/decline with the device token) and answers CORS
// preflights as sip-proxy must for the app's origin.
import { createServer } from 'node:http';

export function startFakeSipApi(port, allowedOrigin) {
  const declines = [];
  const server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', allowedOrigin);
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', 'Authorization');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    const match = /^\/api\/v1\/calls\/([^/]+)\/decline$/.exec(request.url);
    if (request.method === 'POST' && match) {
      declines.push({ callId: decodeURIComponent(match[1]), authorization: request.headers.authorization });
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ declines, close: () => server.close() })));
}
