// Headless Chromium as one or two WebRTC legs of media-relay, for BrowserLegTest (JUnit).
// Talks to the test with one JSON object per line: stdout carries SDP and getStats() samples,
// stdin carries the SDP the relay wrote. Uses the system's Chromium; never downloads a browser.
//
//   node browser-leg.mjs one        offer -> {answer}                                  then stats of pc1
//   node browser-leg.mjs two        offer -> {remoteOffer} -> answer -> {answer}       then stats of both
//   node browser-leg.mjs answerer   {remoteOffer} -> answer                            then stats of pc1
// A second argument "video" adds the fake camera: audio and video, bundled (max-bundle) on one transport.
import http from 'node:http';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const mode = ['two', 'answerer'].includes(process.argv[2]) ? process.argv[2] : 'one';
const executablePath = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const seconds = Number(process.env.BROWSER_SECONDS || 8);
const video = process.argv[3] === 'video';

const lines = readline.createInterface({ input: process.stdin });
const pending = [];
const waiting = [];
lines.on('line', (line) => {
  const message = JSON.parse(line);
  if (waiting.length) waiting.shift()(message); else pending.push(message);
});
const next = () => new Promise((resolve) => (pending.length ? resolve(pending.shift()) : waiting.push(resolve)));
const say = (object) => process.stdout.write(JSON.stringify(object) + '\n');

// getUserMedia needs a secure context: a page from 127.0.0.1 is one.
const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/html'); res.end('<!doctype html><title>leg</title>'); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.evaluate(async (video) => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
    window.legs = [];
    window.makeLeg = () => {
      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      stream.getTracks().forEach((track) => pc.addTrack(track, stream));
      window.legs.push(pc);
      return window.legs.length - 1;
    };
    // Our ICE-lite relay needs none of the browser's candidates; still, wait for gathering so the SDP is final.
    window.gathered = (pc) => new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 3000);
    });
    window.offer = async (i) => {
      const pc = window.legs[i];
      await pc.setLocalDescription(await pc.createOffer());
      await window.gathered(pc);
      return pc.localDescription.sdp;
    };
    window.answer = async (i, sdp) => {
      const pc = window.legs[i];
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      await window.gathered(pc);
      return pc.localDescription.sdp;
    };
    window.accept = (i, sdp) => window.legs[i].setRemoteDescription({ type: 'answer', sdp });
    window.sample = async () => Promise.all(window.legs.map(async (pc) => {
      const sample = { inbound: 0, outbound: 0, videoInbound: 0, remoteReports: 0, ice: pc.iceConnectionState, dtls: '', srtp: '' };
      (await pc.getStats()).forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') sample.inbound += report.packetsReceived || 0;
        if (report.type === 'outbound-rtp' && report.kind === 'audio') sample.outbound += report.packetsSent || 0;
        if (report.type === 'inbound-rtp' && report.kind === 'video') sample.videoInbound += report.packetsReceived || 0;
        // remote-inbound-rtp exists once an RTCP receiver report for our stream came back (decrypted SRTCP).
        if (report.type === 'remote-inbound-rtp' && report.kind === 'audio') sample.remoteReports += 1;
        if (report.type === 'transport') { sample.dtls = report.dtlsState; sample.srtp = report.srtpCipher || ''; }
      });
      return sample;
    }));
  }, video);

  const first = await page.evaluate(() => window.makeLeg());
  if (mode === 'answerer') {
    const { remoteOffer } = await next();
    say({ answer: await page.evaluate(([i, sdp]) => window.answer(i, sdp), [first, remoteOffer]) });
  } else {
    say({ offer: await page.evaluate((i) => window.offer(i), first) });
  }
  if (mode === 'two') {
    const second = await page.evaluate(() => window.makeLeg());
    const { remoteOffer } = await next();
    say({ answer: await page.evaluate(([i, sdp]) => window.answer(i, sdp), [second, remoteOffer]) });
  }
  if (mode !== 'answerer') {
    const { answer } = await next();
    await page.evaluate(([i, sdp]) => window.accept(i, sdp), [first, answer]);
  }
  for (let t = 0; t < seconds * 2; t++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    say({ stats: await page.evaluate(() => window.sample()) });
  }
  say({ done: true });
} catch (error) {
  say({ error: String(error && error.stack || error) });
  process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
  lines.close();
}
