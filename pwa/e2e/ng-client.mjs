// A minimal rtpengine ng client (bencode over UDP: "<cookie> <dictionary>") to read media-relay's
// own counters (`list`, `query`), so the chain run checks packets where the relay counts them.
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

export function bencode(value) {
  if (typeof value === 'number') return Buffer.from(`i${Math.trunc(value)}e`);
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const bytes = Buffer.from(value);
    return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([Buffer.from('l'), ...value.map(bencode), Buffer.from('e')]);
  const keys = Object.keys(value).sort();
  return Buffer.concat([Buffer.from('d'), ...keys.flatMap((k) => [bencode(k), bencode(value[k])]), Buffer.from('e')]);
}

/** Decodes one value at offset; byte strings become JS strings (the ng answers are text). */
export function bdecode(buffer, offset = 0) {
  const decode = (at) => {
    const c = String.fromCharCode(buffer[at]);
    if (c === 'i') {
      const end = buffer.indexOf(0x65, at);
      return [Number(buffer.subarray(at + 1, end).toString()), end + 1];
    }
    if (c === 'l' || c === 'd') {
      const items = [];
      let next = at + 1;
      while (buffer[next] !== 0x65) {
        const [item, after] = decode(next);
        items.push(item);
        next = after;
      }
      if (c === 'l') return [items, next + 1];
      const dict = {};
      for (let i = 0; i < items.length; i += 2) dict[items[i]] = items[i + 1];
      return [dict, next + 1];
    }
    const colon = buffer.indexOf(0x3a, at);
    const length = Number(buffer.subarray(at, colon).toString());
    return [buffer.subarray(colon + 1, colon + 1 + length).toString(), colon + 1 + length];
  };
  return decode(offset)[0];
}

/** Sends one ng command to host:port and returns the answer dictionary. */
export function ng(port, command, host = '127.0.0.1', timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const cookie = randomBytes(6).toString('hex');
    const timer = setTimeout(() => { socket.close(); reject(new Error(`no ng answer to ${command.command}`)); }, timeoutMs);
    socket.on('message', (message) => {
      const space = message.indexOf(0x20);
      if (message.subarray(0, space).toString() !== cookie) return;
      clearTimeout(timer);
      socket.close();
      resolve(bdecode(message, space + 1));
    });
    socket.send(Buffer.concat([Buffer.from(`${cookie} `), bencode(command)]), port, host);
  });
}

/** The relay's calls: their Call-IDs. */
export async function relayCalls(port) {
  const answer = await ng(port, { command: 'list', limit: 100 });
  return answer.calls ?? [];
}

/** Total RTP packets the relay received for a call (both legs), or null when it does not know the call. */
export async function relayPackets(port, callId) {
  const answer = await ng(port, { command: 'query', 'call-id': callId });
  if (answer.result !== 'ok') return null;
  return { total: answer.totals?.RTP?.packets ?? 0, tags: answer.tags };
}
