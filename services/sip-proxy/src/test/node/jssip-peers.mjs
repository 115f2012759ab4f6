// Two JsSIP phones over SIP WebSocket (RFC 7118), as the PWA uses it: A authenticates with HA1 +
// realm, B with its password. Both register; A texts B (SIP MESSAGE, 407 then routed over B's
// WebSocket); B's connection drops (no unregistration); A texts B again, which the proxy keeps for B.
// Prints one JSON line with what happened; the Java test decides what is right.
import JsSIP from 'jssip';
import { createHash } from 'node:crypto';

const env = process.env;
if (env.DEBUG) JsSIP.debug.enable(env.DEBUG);
const url = env.WS_URL;
const domain = env.SIP_DOMAIN;
const result = { registered: [], received: [], sent: [], failed: [] };

const sockets = {};

function phone(number, credentials) {
  const socket = new JsSIP.WebSocketInterface(url);
  sockets[number] = socket;
  const ua = new JsSIP.UA({
    sockets: [socket], uri: `sip:${number}@${domain}`, register: true, register_expires: 300,
    session_timers: false, connection_recovery_min_interval: 30, connection_recovery_max_interval: 60, ...credentials,
  });
  ua.on('newMessage', (e) => {
    if (e.originator === 'remote') {
      result.received.push({ to: number, from: e.request.from.uri.user, body: e.request.body });
    }
  });
  return ua;
}

function started(ua, number) {
  return new Promise((resolve, reject) => {
    ua.on('registered', () => { result.registered.push(number); resolve(); });
    ua.on('registrationFailed', (e) => reject(new Error(`${number} registration failed: ${e.cause}`)));
    ua.start();
  });
}

function text(ua, to, body) {
  return new Promise((resolve) => {
    ua.sendMessage(`sip:${to}@${domain}`, body, {
      eventHandlers: {
        succeeded: (e) => { result.sent.push({ to, body, status: e.response.status_code }); resolve(); },
        failed: (e) => { result.failed.push({ to, body, status: e.response ? e.response.status_code : 0, cause: e.cause }); resolve(); },
      },
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ha1 = createHash('md5').update(`${env.A}:${domain}:${env.A_PASSWORD}`).digest('hex');
const a = phone(env.A, { ha1, realm: domain });
const b = phone(env.B, { password: env.B_PASSWORD });
try {
  await Promise.all([started(a, env.A), started(b, env.B)]);
  await text(a, env.B, 'hola B');
  await sleep(300);
  sockets[env.B].disconnect(); // The phone's connection drops without unregistering.
  await sleep(1000);
  await text(a, env.B, 'are you there?');
} catch (error) {
  result.error = String(error.message || error);
}
a.stop();
await sleep(300);
console.log(JSON.stringify(result));
process.exit(0);
