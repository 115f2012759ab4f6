// The chain run: the whole suite as real processes (e2e/chain-services.mjs) and the real phone app
// in headless Chromium with fake audio; no mocks. Tests (issue 7, "End-to-end tests in CI"):
//   1. A calls B, B answers: inbound audio rises in both pages' getStats() and in the relay's
//      counters (ng `query`); hanging up removes the relay's call.
//   2. B sleeps (page closed): A's call makes webpush send an encrypted push to the local push
//      service that decrypts to the call; B's page reopens (same stored identity) and gets the call.
//   3. sipp plays a community server on 127.0.0.2: a browser calls it and it calls a browser,
//      RTP through the relay's SRTP <-> RTP bridge (sipp -rtp_echo sends back what it gets);
//      and early media: a 183 with SDP lets audio flow before the answer.
//   4. A text to a closed page is delivered when the page comes back.
// Skips itself, saying why, when Chromium or a jar is missing; test 3 skips without sipp.
//
// Environment: CHROMIUM_PATH, JAVA_BIN, <SERVICE>_JAR (e.g. SIP_PROXY_JAR), WEBPHONE_TEST_DB_HOST/
// PORT/USER/PASSWORD. Screenshots go to e2e-screenshots/chain-*, service logs to e2e-logs/chain/.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket } from 'node:dgram';
import { startChain, jarsOf, SIP_DOMAIN } from './chain-services.mjs';
import { relayCalls, relayPackets } from './ng-client.mjs';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
const SHOTS = join(here, '..', 'e2e-screenshots');
const LOGS = join(here, '..', 'e2e-logs', 'chain');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];
/** Community numbers start with this prefix; sipp on 127.0.0.2 is their server. */
const COMMUNITY_PREFIX = '5550';
const COMMUNITY_HOST = '127.0.0.2';

function skipAll(reason) {
  console.log(`e2e chain SKIPPED: ${reason}`);
  process.exit(0);
}
if (!existsSync(CHROMIUM)) skipAll(`no Chromium at ${CHROMIUM} (apt-get install chromium, listed in scripts/test-packages.txt)`);
for (const [name, jar] of Object.entries(jarsOf(root))) {
  if (!existsSync(jar)) skipAll(`no ${name} jar at ${jar} (./mvnw -B install -DskipTests)`);
}
const sippMissing = spawnSync('sipp', ['-v']).error ? 'no sipp on the PATH (apt-get install sip-tester)' : null;

// --- the runner: steps in order, PASS / FAIL / SKIP, and measured figures -------------------
const results = [];
const figures = [];
async function step(name, body) {
  const started = Date.now();
  try {
    const outcome = await body();
    const skipped = typeof outcome === 'string' && outcome.startsWith('SKIP');
    results.push({ name, status: skipped ? 'SKIP' : 'PASS' });
    console.log(`${skipped ? 'SKIP' : 'PASS'}  ${name}${skipped ? ` — ${outcome.slice(5)}` : ''} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, status: 'FAIL' });
    console.log(`FAIL  ${name}\n      ${String(error.stack || error).split('\n').slice(0, 6).join('\n      ')}`);
    // A failed step must not leave a call whose screen covers the next step's.
    for (const page of openPages.filter((p) => !p.isClosed())) {
      await page.evaluate(() => window.webphone?.hangUp()).catch(() => {});
    }
    await sleep(1000);
  }
}
const openPages = [];
let pushSubscriptionOfB = null;
function expect(condition, message) {
  if (!condition) throw new Error(message);
}
function figure(text) {
  figures.push(text);
  console.log(`      ${text}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what, predicate, timeoutMs = 10000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

// --- the phone app, driven as a person would -------------------------------------------------
const shoot = (page, name) => page.screenshot({ path: join(SHOTS, `chain-${name}.png`), fullPage: true });

/** Opens the app in a browser context; its console goes to the log folder. */
async function openApp(context, name, hash = '') {
  const page = await context.newPage();
  page.name = name.split('-')[0]; // A or B, for the figures
  openPages.push(page);
  page.on('console', (message) => appendFileSync(join(LOGS, `page-${name}.log`), `${new Date().toISOString()} ${message.type()} ${message.text()}\n`));
  page.on('pageerror', (error) => appendFileSync(join(LOGS, `page-${name}.log`), `${new Date().toISOString()} pageerror ${error.stack}\n`));
  await page.goto(`${suite.base}/${hash}`);
  await page.waitForFunction(() => window.webphone && document.querySelector('#screen section'));
  return page;
}

const registered = (page) => page.waitForFunction(() => window.webphone.connection === 'registered', null, { timeout: 30000 });

/** First run: a number from allocatenumber, then REGISTER to sip-proxy. */
async function newPhone(context, name) {
  const page = await openApp(context, name);
  await page.click('#get-number');
  await page.waitForFunction(() => /\d{3} \d{3} \d+/.test(document.querySelector('#my-number')?.textContent ?? ''), null, { timeout: 30000 });
  await registered(page);
  const account = await page.evaluate(() => window.webphone.storage.get('account'));
  const deviceId = await page.evaluate(() => window.webphone.storage.get('deviceId'));
  return { name, context, page, account, deviceId };
}

async function dial(page, number) {
  await page.goto(`${suite.base}/#/dial`);
  await page.waitForSelector('#dial-input');
  await registered(page);
  await page.fill('#dial-input', number);
  const clickedAt = Date.now();
  await page.click('#call-button');
  return clickedAt;
}

const callState = (page) => page.evaluate(() => window.webphone.call?.model.state ?? null);
const waitActive = (page, timeout = 20000) => page.waitForFunction(() => window.webphone.call?.model.state === 'active', null, { timeout });

/** Audio RTP counters of the page's call (RTCPeerConnection.getStats()). */
function audioStats(page) {
  return page.evaluate(async () => {
    const pc = window.webphone.call?.session?.connection;
    if (!pc) return null;
    const result = { received: 0, sent: 0, bytesReceived: 0, ice: pc.iceConnectionState, state: pc.connectionState };
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'transport') result.dtls = report.dtlsState;
      if (report.kind !== 'audio') return;
      if (report.type === 'inbound-rtp') { result.received += report.packetsReceived; result.bytesReceived += report.bytesReceived; }
      if (report.type === 'outbound-rtp') result.sent += report.packetsSent;
    });
    return result;
  });
}

/**
 * Samples both pages (and the relay) every second for `seconds`: every sample must show more
 * inbound packets than the one before. Returns packets per second each way.
 */
async function audioFlows(pages, label, seconds = 5, relayCallId = null, since = 'the call was active') {
  // "Active" is the SIP 200/ACK; ICE and DTLS may still be finishing, so wait for the first packets.
  const activeAt = Date.now();
  await until(`${label}: first inbound audio packets`, async () => (await Promise.all(pages.map(audioStats))).every((s) => s?.received > 0), 10000, 50);
  figure(`${label}: first inbound packets on every page ${Date.now() - activeAt} ms after ${since}`);
  const first = await Promise.all(pages.map(audioStats));
  const relayFirst = relayCallId ? await relayPackets(suite.ngPort, relayCallId) : null;
  let previous = first;
  for (let second = 1; second <= seconds; second++) {
    await sleep(1000);
    const now = await Promise.all(pages.map(audioStats));
    now.forEach((stats, i) => expect(stats && stats.received > previous[i].received,
      `${label}: ${pages[i].name} inbound audio packets did not rise in second ${second}: ${previous[i]?.received} -> ${stats?.received} (${JSON.stringify(stats)})`));
    previous = now;
  }
  const rates = previous.map((stats, i) => ({ page: pages[i].name, inPerSecond: (stats.received - first[i].received) / seconds,
    outPerSecond: (stats.sent - first[i].sent) / seconds }));
  rates.forEach((r) => figure(`${label}: ${r.page} receives ${r.inPerSecond.toFixed(1)} packets/s, sends ${r.outPerSecond.toFixed(1)} packets/s`));
  if (relayCallId) {
    const relayLast = await relayPackets(suite.ngPort, relayCallId);
    expect(relayFirst && relayLast, `relay knows call ${relayCallId}`);
    const perSecond = (relayLast.total - relayFirst.total) / seconds;
    figure(`${label}: the relay received ${perSecond.toFixed(1)} packets/s for the call (${relayLast.total} in all)`);
    for (const [tag, leg] of Object.entries(relayLast.tags)) {
      const before = relayFirst.tags[tag];
      // media-relay's query: per stream, stats.packets is what it received from that leg's endpoint.
      const count = (l) => (l?.medias ?? []).flatMap((m) => m.streams).reduce((sum, s) => sum + Number(s.stats?.packets ?? 0), 0);
      const stream = leg.medias?.[0]?.streams?.[0] ?? {};
      figure(`${label}: relay leg ${tag} (${stream.secure ? 'SRTP' : 'RTP'} from ${stream.endpoint}): ${((count(leg) - count(before)) / seconds).toFixed(1)} packets/s in, ${count(leg)} in all`);
      expect(count(leg) > count(before), `relay leg ${tag}: no packets in over ${seconds} s: ${JSON.stringify(leg).slice(0, 400)}`);
    }
  }
  return rates;
}

/** The relay's one call (the only call in flight in these tests). */
async function theRelayCall() {
  const calls = await until('a call in the relay', async () => {
    const ids = await relayCalls(suite.ngPort);
    return ids.length > 0 ? ids : null;
  }, 10000);
  expect(calls.length === 1, `one call in the relay, not ${JSON.stringify(calls)}`);
  return calls[0];
}

async function relayForgets(callId) {
  await until(`relay to delete ${callId}`, async () => !(await relayCalls(suite.ngPort)).includes(callId), 10000, 200);
}

async function hangUp(page, other) {
  await page.click('#hang-up');
  await page.waitForFunction(() => window.webphone.call === null, null, { timeout: 10000 });
  if (other) await other.waitForFunction(() => window.webphone.call === null, null, { timeout: 10000 });
}

// --- the local push service (webpush's test harness) -------------------------------------------
async function pushSubscription() {
  const response = await fetch(`http://127.0.0.1:${suite.pushPort}/control/subscriptions`, { method: 'POST' });
  expect(response.status === 201, `push service subscription: ${response.status}`);
  return response.json();
}
async function pushMessages(id) {
  return (await fetch(`http://127.0.0.1:${suite.pushPort}/control/subscriptions/${id}/messages`)).json();
}

/** What the browser would do after pushManager.subscribe(): store the subscription at webpush. */
async function storeSubscription(phone, subscription) {
  // The app fetches the VAPID key first (pushManager.subscribe needs it); so does this stand-in.
  const { publicKey } = await (await fetch(`${suite.webpushUrl}/api/v1/push/public-key`)).json();
  expect(/^[A-Za-z0-9_-]{80,90}$/.test(publicKey), `VAPID public key ${publicKey}`);
  const response = await fetch(`${suite.webpushUrl}/api/v1/push/subscriptions/${phone.deviceId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${phone.account.token}` },
    body: JSON.stringify({ endpoint: subscription.endpoint, keys: subscription.keys }),
  });
  expect(response.status === 201 || response.status === 200, `webpush stored the subscription: ${response.status} ${await response.text()}`);
  return publicKey;
}

// --- sipp as the community server -------------------------------------------------------------
function freeUdpPortOn(host) {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Starts sipp; resolves `done` with its exit code. Its logs are in a folder under LOGS. */
function sipp(name, scenario, args) {
  const work = join(LOGS, `sipp-${name}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const child = spawn('sipp', ['-sf', scenario, '-t', 'u1', '-m', '1', '-nostdin', '-timeout', '60s',
    '-trace_err', '-trace_msg', '-trace_rtt', ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.name = `sipp-${name}`;
  child.done = new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  sippChildren.push(child);
  return child;
}

/**
 * Routes the community prefix to a sipp UAS on COMMUNITY_HOST that plays `scenario` and echoes
 * the RTP it gets (-rtp_echo); returns it once the proxy has the route.
 */
async function communityServer(name, scenario) {
  const [sipPort, mediaPort] = [await freeUdpPortOn(COMMUNITY_HOST), await freeUdpPortOn(COMMUNITY_HOST)];
  const route = await fetch(`${suite.sipApiUrl}/api/v1/admin/community-routes/${COMMUNITY_PREFIX}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.secrets.admin}` },
    body: JSON.stringify({ uri: `sip:${COMMUNITY_HOST}:${sipPort}`, trustedSources: [COMMUNITY_HOST] }),
  });
  expect(route.ok, `community route stored: ${route.status} ${await route.text()}`);
  await sleep(1500); // SIP_ROUTE_REFRESH=1s
  const uas = sipp(name, scenario, ['-i', COMMUNITY_HOST, '-p', String(sipPort),
    '-mi', COMMUNITY_HOST, '-mp', String(mediaPort), '-rtp_echo']);
  await sleep(300);
  return uas;
}

/** The browser hangs up on the community server: sipp must end its scenario, the relay its call. */
async function hangUpOnCommunity(page, uas, callId) {
  await hangUp(page);
  const { code, stderr } = await Promise.race([uas.done, sleep(10000).then(() => ({ code: 'timeout', stderr: '' }))]);
  expect(code === 0, `sipp UAS exit ${code}: ${stderr.slice(0, 300)}`);
  await relayForgets(callId);
}

// --- the run ---------------------------------------------------------------------------------
let suite = null;
let browser = null;
const sippChildren = [];
const temporary = mkdtempSync(join(tmpdir(), 'webphone-chain-'));
let exitCode = 0;
const killAll = () => {
  sippChildren.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
  suite?.stop();
};
process.on('SIGINT', () => { killAll(); process.exit(130); });
process.on('SIGTERM', () => { killAll(); process.exit(143); });
try {
  mkdirSync(SHOTS, { recursive: true });
  rmSync(LOGS, { recursive: true, force: true });
  mkdirSync(LOGS, { recursive: true });
  const db = {
    host: process.env.WEBPHONE_TEST_DB_HOST || '127.0.0.1',
    port: process.env.WEBPHONE_TEST_DB_PORT || '3306',
    user: process.env.WEBPHONE_TEST_DB_USER || 'root',
    password: process.env.WEBPHONE_TEST_DB_PASSWORD || '',
  };
  const startedAt = Date.now();
  suite = await startChain({ root, db, logDir: LOGS });
  console.log(`chain: suite up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (pwa-host ${suite.base}, sip-proxy ${suite.sipWsUrl}, udp ${suite.sipUdpPort}, relay ng ${suite.ngPort})`);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  // One context per phone: its IndexedDB is the phone's stored identity, kept across its pages.
  // No notification permission: this Chromium has no push service (test 2 subscribes by hand).
  const contextOptions = { locale: 'en-US', viewport: { width: 412, height: 860 }, permissions: ['microphone'] };
  const A = await newPhone(await browser.newContext(contextOptions), 'A');
  const B = await newPhone(await browser.newContext(contextOptions), 'B');
  console.log(`chain: A is ${A.account.number}, B is ${B.account.number}`);
  // B's push subscription, at the local push service, stored at webpush as the app would store it.
  pushSubscriptionOfB = await pushSubscription();
  const vapidKeyOfWebpush = await storeSubscription(B, pushSubscriptionOfB);

  await step('1. A calls B, B answers: audio both ways in getStats() and in the relay; hang-up deletes the relay call', async () => {
    await dial(A.page, B.account.number);
    await B.page.waitForSelector('#answer', { timeout: 15000 });
    await B.page.click('#answer');
    await Promise.all([waitActive(A.page), waitActive(B.page)]);
    const callId = await theRelayCall();
    await audioFlows([A.page, B.page], 'A<->B', 5, callId);
    await shoot(A.page, '1-A-in-call');
    await shoot(B.page, '1-B-in-call');
    await hangUp(A.page, B.page);
    await relayForgets(callId);
  });

  await step('2. sleeping callee: encrypted push that decrypts to the call, B reopens and gets the held call, audio both ways', async () => {
    const subscription = pushSubscriptionOfB;
    const pushesBefore = (await pushMessages(subscription.id)).length;
    await B.page.close();
    await sleep(500); // sip-proxy sees the WebSocket close
    const calledAt = await dial(A.page, B.account.number);
    const push = await until('a push for B', async () => (await pushMessages(subscription.id))[pushesBefore], 10000, 20);
    const pushLatency = Date.now() - calledAt;
    expect(push.status === 201 && !push.decryptError, `push decrypted: ${JSON.stringify(push)}`);
    expect(push.vapid?.valid === true && push.vapid.key === vapidKeyOfWebpush, `VAPID signature valid, with webpush's key: ${JSON.stringify(push.vapid)}`);
    const payload = JSON.parse(push.payload);
    expect(payload.kind === 'call-incoming', `push kind ${payload.kind}`);
    expect(payload.from === A.account.number, `push from ${payload.from}, not A ${A.account.number}`);
    expect(typeof payload.callId === 'string' && payload.callId.length > 0, `push callId ${payload.callId}`);
    figure(`push: call push received ${pushLatency} ms after A pressed Call (polled every 20 ms), ${push.bytes} bytes aes128gcm, urgency ${push.headers.urgency}, TTL ${push.headers.ttl}`);
    // What the notification's Answer does: open the app at #/answer/<callId>.
    const reopenedAt = Date.now();
    B.page = await openApp(B.context, 'B-2', `#/answer/${encodeURIComponent(payload.callId)}`);
    expect(await B.page.evaluate(() => window.webphone.storage.get('account').then((a) => a.number)) === B.account.number, 'same stored number');
    await Promise.all([waitActive(A.page, 30000), waitActive(B.page, 30000)]);
    figure(`push: B's reopened page answered ${Date.now() - reopenedAt} ms after it was opened`);
    const callId = await theRelayCall();
    expect(callId === payload.callId, `the relay's call ${callId} is the pushed call ${payload.callId}`);
    await audioFlows([A.page, B.page], 'woken B', 5, callId);
    await shoot(B.page, '2-B-woken-in-call');
    await hangUp(B.page, A.page);
    await relayForgets(callId);
  });

  await step('4. a text to a closed page is delivered when it comes back', async () => {
    const text = `Chain ${Date.now()}: are you there?`;
    await B.page.close();
    await sleep(500);
    await A.page.goto(`${suite.base}/#/messages/${B.account.number}`);
    await A.page.waitForSelector('#message-text');
    await registered(A.page);
    const pushesBefore = (await pushMessages(pushSubscriptionOfB.id)).length;
    await A.page.fill('#message-text', text);
    const sentAt = Date.now();
    await A.page.click('button[type=submit]');
    await A.page.waitForSelector('.bubbles li.out.sent', { timeout: 10000 });
    // sip-proxy keeps the text (202) and wakes B with a 'message' push that carries it.
    const push = await until('the message push for B', async () => (await pushMessages(pushSubscriptionOfB.id))[pushesBefore], 10000, 20);
    figure(`push: message push received ${Date.now() - sentAt} ms after A pressed Send`);
    const payload = JSON.parse(push.payload ?? '{}');
    expect(payload.kind === 'message' && payload.from === A.account.number && JSON.stringify(payload).includes(text),
      `the message push decrypts to the text from A: ${push.payload ?? push.decryptError}`);
    B.page = await openApp(B.context, 'B-4', `#/messages/${A.account.number}`);
    await B.page.waitForSelector(`.bubbles li.in:has-text("${text}")`, { timeout: 20000 });
    const stored = await B.page.evaluate((peer) => window.webphone.storage.conversation(peer), A.account.number);
    expect(stored.some((m) => m.direction === 'in' && m.text === text), `B's conversation with A: ${JSON.stringify(stored)}`);
    await shoot(B.page, '4-B-message-delivered');
  });

  await step('3a. a browser calls a community number: sipp UAS on 127.0.0.2 answers, RTP both ways through the bridge', async () => {
    if (sippMissing) return `SKIP ${sippMissing}`;
    const uas = await communityServer('uas', join(root, 'bench/sip/uas-answer.xml'));
    await dial(A.page, `${COMMUNITY_PREFIX}1234`);
    await waitActive(A.page);
    const callId = await theRelayCall();
    await audioFlows([A.page], 'A->community (echoed by sipp)', 5, callId);
    await shoot(A.page, '3-A-calls-community');
    await hangUpOnCommunity(A.page, uas, callId);
  });

  await step('3c. early media: the community server sends 183 with SDP, audio flows both ways before the answer and goes on after it', async () => {
    if (sippMissing) return `SKIP ${sippMissing}`;
    // 183 with SDP, 8 s of early media, then 200 OK.
    const uas = await communityServer('uas-early', join(here, 'sipp/uas-early-media.xml'));
    const dialledAt = await dial(A.page, `${COMMUNITY_PREFIX}1234`);
    await A.page.waitForFunction(() => window.webphone.call?.model.state === 'ringing', null, { timeout: 10000 });
    const callId = await theRelayCall();
    await audioFlows([A.page], 'early media A<->community before the answer', 2, callId, 'the 183 rang');
    const stateDuringEarlyMedia = await callState(A.page);
    expect(stateDuringEarlyMedia === 'ringing', `A's call is still ringing (not answered) while early audio flows: ${stateDuringEarlyMedia}`);
    await waitActive(A.page);
    figure(`early media: answered ${Date.now() - dialledAt} ms after dialling (sipp answers 8 s after its 183)`);
    // The 200's SDP makes JsSIP renegotiate on the same connection: audio must go on.
    await audioFlows([A.page], 'A<->community after the answer that followed early media', 3, callId);
    await shoot(A.page, '3c-early-media-answered');
    await hangUpOnCommunity(A.page, uas, callId);
  });

  await step('3b. the trusted community server (sipp UAC on 127.0.0.2) calls B, B answers, RTP both ways', async () => {
    if (sippMissing) return `SKIP ${sippMissing}`;
    const [sipPort, mediaPort] = [await freeUdpPortOn(COMMUNITY_HOST), await freeUdpPortOn(COMMUNITY_HOST)];
    await B.page.goto(`${suite.base}/#/dial`);
    await registered(B.page);
    writeFileSync(join(temporary, 'uac.csv'), `SEQUENTIAL\n${COMMUNITY_PREFIX}4321;${B.account.number};-;${SIP_DOMAIN}\n`);
    const uac = sipp('uac', join(here, 'sipp/uac-call-trusted-media.xml'), ['-i', COMMUNITY_HOST, '-p', String(sipPort),
      '-mi', COMMUNITY_HOST, '-mp', String(mediaPort), '-rtp_echo', '-d', '9000', '-inf', join(temporary, 'uac.csv'),
      `127.0.0.1:${suite.sipUdpPort}`]);
    await B.page.waitForSelector('#answer', { timeout: 15000 });
    const caller = await B.page.evaluate(() => window.webphone.call.model.peer);
    expect(caller === `${COMMUNITY_PREFIX}4321`, `B sees the community caller ${caller}`);
    await B.page.click('#answer');
    await waitActive(B.page);
    const callId = await theRelayCall();
    await audioFlows([B.page], 'community->B (echoed by sipp)', 5, callId);
    await shoot(B.page, '3-community-calls-B');
    const { code, stderr } = await Promise.race([uac.done, sleep(15000).then(() => ({ code: 'timeout', stderr: '' }))]);
    expect(code === 0, `sipp UAC exit ${code} (it hangs up after 9 s): ${stderr.slice(0, 300)}`);
    await B.page.waitForFunction(() => window.webphone.call === null, null, { timeout: 10000 });
    await relayForgets(callId);
  });
} catch (error) {
  console.log(`e2e chain ERROR: ${error.stack || error}`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  killAll();
  rmSync(temporary, { recursive: true, force: true });
}

const failed = results.filter((r) => r.status === 'FAIL').length;
console.log(`\ne2e chain: ${results.filter((r) => r.status === 'PASS').length} passed, ${failed} failed, ${results.filter((r) => r.status === 'SKIP').length} skipped; screenshots in ${SHOTS}/chain-*, logs in ${LOGS}`);
if (figures.length) writeFileSync(join(LOGS, 'figures.txt'), `${figures.join('\n')}\n`);
process.exit(failed || exitCode ? 1 : 0);
