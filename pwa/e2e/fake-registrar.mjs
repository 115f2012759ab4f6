// A minimal SIP registrar and peer over WebSocket (RFC 7118, sub-protocol "sip") for the browser
// run, until sip-proxy has its WebSocket transport: it challenges REGISTER with digest and checks
// the answer against the phone's HA1, records the Contact, answers MESSAGEs, and can send the
// phone a MESSAGE, an INVITE, the ACK and a BYE. Only what the app's own SIP stack (JsSIP) needs.
import { WebSocketServer } from 'ws';
import { createHash, randomBytes } from 'node:crypto';

const md5 = (text) => createHash('md5').update(text).digest('hex');
const token = () => randomBytes(6).toString('hex');

/** Parses one SIP message: {startLine, headers: [[name, value]], body, header(name), all(name)}. */
export function parseSip(text) {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [startLine, ...lines] = head.split('\r\n');
  const headers = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  const all = (name) => headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  return { startLine, headers, body: rest.join('\r\n\r\n'), all, header: (name) => all(name)[0] };
}

function digestParams(value) {
  const params = {};
  for (const match of value.replace(/^Digest\s+/i, '').matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)) {
    params[match[1]] = match[3] ?? match[2];
  }
  return params;
}

export function startFakeRegistrar(port, { realm }) {
  const state = {
    registers: [], messages: [], responses: [], invites: [], infos: [], acks: [], byes: [],
    contact: null, socket: null, ha1: null, authFailures: 0,
  };
  const nonce = token();
  const server = new WebSocketServer({ port, host: '127.0.0.1', handleProtocols: () => 'sip' });

  const send = (text) => state.socket?.send(text);
  function reply(request, status, reason, extra = [], body = '', toTag = token()) {
    const to = request.header('To');
    const lines = [`SIP/2.0 ${status} ${reason}`,
      ...request.all('Via').map((via) => `Via: ${via}`),
      `From: ${request.header('From')}`,
      `To: ${/;tag=/.test(to) ? to : `${to};tag=${toTag}`}`,
      `Call-ID: ${request.header('Call-ID')}`,
      `CSeq: ${request.header('CSeq')}`,
      ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`, '', body];
    send(lines.join('\r\n'));
  }

  function onRegister(request) {
    state.registers.push(request);
    const authorization = request.header('Authorization');
    if (!authorization) {
      reply(request, 401, 'Unauthorized', [`WWW-Authenticate: Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=MD5`]);
      return;
    }
    const p = digestParams(authorization);
    const expected = md5(`${state.ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${md5(`REGISTER:${p.uri}`)}`);
    if (p.response !== expected) {
      state.authFailures++;
      reply(request, 403, 'Forbidden');
      return;
    }
    state.contact = request.header('Contact');
    reply(request, 200, 'OK', [`Contact: ${state.contact}`]);
  }

  server.on('connection', (socket) => {
    state.socket = socket;
    socket.on('message', (data) => {
      const message = parseSip(data.toString());
      if (message.startLine.startsWith('SIP/2.0')) {
        state.responses.push(message);
        return;
      }
      const method = message.startLine.split(' ')[0];
      if (method === 'REGISTER') onRegister(message);
      else if (method === 'MESSAGE') {
        state.messages.push(message);
        reply(message, 200, 'OK');
      } else if (method === 'INVITE') state.invites.push(message); // the test answers it
      else if (method === 'INFO') {
        state.infos.push(message);
        reply(message, 200, 'OK');
      } else if (method === 'BYE') {
        state.byes.push(message);
        reply(message, 200, 'OK');
      } else if (method === 'ACK') state.acks.push(message);
      else reply(message, 200, 'OK');
    });
  });

  /** The URI the phone registered (its Contact), where requests to the phone go. */
  const target = () => /<([^>]+)>/.exec(state.contact)[1];

  function request(method, { callId, cseq = 1, from, fromTag, to, toTag = null, body = '', contentType = null, extra = [] }) {
    const lines = [`${method} ${target()} SIP/2.0`,
      `Via: SIP/2.0/WSS fake-registrar.invalid;branch=z9hG4bK${token()}`,
      'Max-Forwards: 70',
      `From: <sip:${from}@${realm}>;tag=${fromTag}`,
      `To: <sip:${to}@${realm}>${toTag ? `;tag=${toTag}` : ''}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: <sip:${from}@fake-registrar.invalid;transport=ws>`,
      ...extra,
      ...(contentType ? [`Content-Type: ${contentType}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`, '', body];
    send(lines.join('\r\n'));
  }

  return {
    state,
    ready: new Promise((resolve) => server.on('listening', resolve)),
    setHa1(ha1) { state.ha1 = ha1; },
    sendMessage(from, to, text) {
      request('MESSAGE', { callId: `${token()}@fake`, from, fromTag: token(), to, body: text, contentType: 'text/plain' });
    },
    /** Sends an INVITE; returns helpers to ACK the 200 and to hang up with BYE. */
    invite(callId, from, to, sdp) {
      const fromTag = token();
      request('INVITE', { callId, from, fromTag, to, body: sdp, contentType: 'application/sdp' });
      const finalResponse = () => state.responses.find((r) => r.header('Call-ID') === callId && /CSeq: 1 INVITE/.test(`CSeq: ${r.header('CSeq')}`) && Number(r.startLine.split(' ')[1]) >= 200);
      const toTagOf = (response) => /;tag=([^;>\s]+)/.exec(response.header('To'))[1];
      return {
        finalResponse,
        ack() { request('ACK', { callId, from, fromTag, to, toTag: toTagOf(finalResponse()), cseq: 1 }); },
        bye() { request('BYE', { callId, from, fromTag, to, toTag: toTagOf(finalResponse()), cseq: 2 }); },
      };
    },
    /** Rings (180) and answers (200 with the SDP) an INVITE the phone sent. */
    ringThenAnswer(invite, sdp) {
      const tag = token();
      reply(invite, 180, 'Ringing', [], '', tag);
      return () => reply(invite, 200, 'OK', ['Contact: <sip:callee@fake-registrar.invalid;transport=ws>', 'Content-Type: application/sdp'], sdp, tag);
    },
    /** Answers a re-INVITE (hold, resume) inside the call with the SDP given. */
    answerReInvite(reInvite, sdp) {
      reply(reInvite, 200, 'OK', ['Contact: <sip:callee@fake-registrar.invalid;transport=ws>', 'Content-Type: application/sdp'], sdp);
    },
    /** Drops the phone's WebSocket, as a network change or a proxy restart would. */
    dropConnection() { state.socket?.terminate(); },
    close() { for (const client of server.clients) client.terminate(); server.close(); },
  };
}
