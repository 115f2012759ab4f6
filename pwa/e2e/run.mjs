// End-to-end run of the phone app in Debian's Chromium (playwright-core; no browser download),
// against the real pwa-host jar and the real allocatenumber jar on the test MariaDB.
// Checks: first run allocates and stores a number; every screen has 0 axe-core violations and a
// screenshot in e2e-screenshots/; the service worker turns pushes (ServiceWorker.deliverPushMessage)
// into the right notifications and its Decline reaches the server; no installability errors;
// offline opening; Spanish when the browser asks for it; REGISTER to sip-proxy when its
// WebSocket listens (until then, JsSIP is exercised against e2e/fake-registrar.mjs). Skips itself, saying why, when Chromium or a jar is missing.
//
// Environment: CHROMIUM_PATH, PWA_HOST_JAR, ALLOCATENUMBER_JAR, JAVA_BIN,
// WEBPHONE_TEST_DB_HOST/PORT/USER/PASSWORD (as the Java tests), E2E_SIP_WS_URL.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { freePort, freshDatabase, listening, startJar, waitForHealth, stop } from './services.mjs';
import { startFakeSipApi } from './fake-sip-api.mjs';
import { startFakeRegistrar } from './fake-registrar.mjs';
import { startFakeWebpush } from './fake-webpush.mjs';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
const PWA_HOST_JAR = process.env.PWA_HOST_JAR || join(root, 'services/pwa-host/target/quarkus-app/quarkus-run.jar');
const ALLOCATENUMBER_JAR = process.env.ALLOCATENUMBER_JAR || join(root, 'services/allocatenumber/target/quarkus-app/quarkus-run.jar');
const SHOTS = join(here, '..', 'e2e-screenshots');
const LOGS = join(here, '..', 'e2e-logs');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function skipAll(reason) {
  console.log(`e2e SKIPPED: ${reason}`);
  process.exit(0);
}
if (!existsSync(CHROMIUM)) skipAll(`no Chromium at ${CHROMIUM} (apt-get install chromium, listed in scripts/test-packages.txt)`);
if (!existsSync(PWA_HOST_JAR)) skipAll(`no pwa-host jar at ${PWA_HOST_JAR} (./mvnw -pl services/pwa-host package)`);
if (!existsSync(ALLOCATENUMBER_JAR)) skipAll(`no allocatenumber jar at ${ALLOCATENUMBER_JAR} (./mvnw -pl services/allocatenumber -am package -DskipTests)`);

// --- a tiny runner: steps in order, each PASS / FAIL / SKIP ------------------------------------
const results = [];
async function step(name, body) {
  const started = Date.now();
  try {
    const outcome = await body();
    const skipped = typeof outcome === 'string' && outcome.startsWith('SKIP');
    results.push({ name, status: skipped ? 'SKIP' : 'PASS' });
    console.log(`${skipped ? 'SKIP' : 'PASS'}  ${name}${skipped ? ` — ${outcome.slice(5)}` : ''} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, status: 'FAIL' });
    console.log(`FAIL  ${name}\n      ${String(error.stack || error).split('\n').slice(0, 4).join('\n      ')}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function axe(page, screen) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  expect(violations.length === 0, `${screen}: axe violations: ${violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('; ')}`);
}

async function shoot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the app has rendered a screen (the controller is started). */
async function appReady(page) {
  await page.waitForFunction(() => window.webphone && document.querySelector('#screen section'));
}

// --- services ------------------------------------------------------------------------------
const children = [];
const temporary = mkdtempSync(join(tmpdir(), 'webphone-e2e-'));
let fakeSipApi;
let registrar = null;
let fakeWebpush;
let exitCode = 0;
try {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  const [pwaPort, allocatePort, sipApiPort, webpushPort, fakeSipPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const base = `http://127.0.0.1:${pwaPort}`;
  const db = {
    host: process.env.WEBPHONE_TEST_DB_HOST || '127.0.0.1',
    port: process.env.WEBPHONE_TEST_DB_PORT || '3306',
    user: process.env.WEBPHONE_TEST_DB_USER || 'root',
    password: process.env.WEBPHONE_TEST_DB_PASSWORD || '',
  };
  // The real sip-proxy when E2E_SIP_WS_URL names it; else the fake registrar, started later so the
  // first steps see the app without a connection.
  freshDatabase(db, 'webphone_e2e_pwa');
  const realSipWsUrl = process.env.E2E_SIP_WS_URL || null;
  const sipWsUrl = realSipWsUrl || `ws://127.0.0.1:${fakeSipPort}`;

  const allocatenumber = startJar('allocatenumber', ALLOCATENUMBER_JAR, {
    ALLOCATENUMBER_HTTP_PORT: String(allocatePort),
    ALLOCATENUMBER_HTTP_HOST: '127.0.0.1',
    DB_URL: `jdbc:mysql://${db.host}:${db.port}/webphone_e2e_pwa?createDatabaseIfNotExist=true`,
    DB_USER: db.user,
    DB_PASSWORD: db.password,
    DATA_DIR: temporary,
    PWA_ORIGINS: base,
    ALLOCATE_RATE_PER_ADDRESS: '100',
    SIP_WS_URI: sipWsUrl,
  }, LOGS);
  children.push(allocatenumber);
  const pwaHost = startJar('pwa-host', PWA_HOST_JAR, {
    PWA_HOST_HTTP_PORT: String(pwaPort),
    PWA_HOST_HTTP_HOST: '127.0.0.1',
    PWA_ALLOCATE_API_URL: `http://127.0.0.1:${allocatePort}`,
    // A stand-in for webpush's device API (e2e/fake-webpush.mjs).
    PWA_WEBPUSH_API_URL: `http://127.0.0.1:${webpushPort}`,
    PWA_SIP_API_URL: `http://127.0.0.1:${sipApiPort}`,
    PWA_SIP_WS_URL: sipWsUrl,
  }, LOGS);
  children.push(pwaHost);
  fakeSipApi = await startFakeSipApi(sipApiPort, base);
  fakeWebpush = await startFakeWebpush(webpushPort, base);
  await Promise.all([
    waitForHealth(`http://127.0.0.1:${allocatePort}/q/health`, allocatenumber),
    waitForHealth(`${base}/q/health`, pwaHost),
  ]);

  // --- English, persistent profile (installability needs one) --------------------------------
  const profile = join(temporary, 'profile-en');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, locale: 'en-US',
    viewport: { width: 412, height: 860 }, permissions: ['notifications', 'microphone'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  let account = null;

  await step('first run shows the welcome screen without violations', async () => {
    await page.goto(base);
    await appReady(page);
    expect(await page.textContent('h2') === 'Welcome', 'welcome heading');
    expect(!(await page.isVisible('#tabs')), 'no tab bar before there is a number');
    await shoot(page, '01-welcome-en');
    await axe(page, 'welcome');
  });

  await step('first run allocates a number from the real allocatenumber and keeps HA1, not the password', async () => {
    await page.click('#get-number');
    await page.waitForFunction(() => /\d{3} \d{3} \d+/.test(document.querySelector('#my-number')?.textContent ?? ''), null, { timeout: 30000 });
    account = await page.evaluate(() => window.webphone.storage.get('account'));
    const ids = await page.evaluate(async () => [await window.webphone.storage.get('instanceId'), await window.webphone.storage.get('deviceId')]);
    expect(/^999100\d{5}$/.test(account.number), `number ${account.number}`);
    expect(/^[0-9a-f]{32}$/.test(account.ha1), 'HA1 stored');
    expect(!('password' in account) && !JSON.stringify(account).includes('"password"'), 'no password stored');
    expect(account.token.split('.').length === 3, 'device token is a JWT');
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id)), 'stable instance and device ids');
    await page.waitForSelector('#push-state');
  });

  await step('the number and the device ids survive a reload', async () => {
    const before = await page.evaluate(() => window.webphone.storage.get('instanceId'));
    await page.reload();
    await appReady(page);
    const after = await page.evaluate(async () => [(await window.webphone.storage.get('account')).number, await window.webphone.storage.get('instanceId')]);
    expect(after[0] === account.number && after[1] === before, 'same number and +sip.instance after reload');
  });

  await step('subscribes to Web Push with the VAPID key and stores the subscription under the device id with the token', async () => {
    const deadline = Date.now() + 5000;
    let state = '';
    while (Date.now() < deadline && fakeWebpush.subscriptions.length === 0) {
      state = await page.evaluate(() => JSON.stringify(window.webphone.pushState));
      if (state.includes('error')) break;
      await page.waitForTimeout(200);
    }
    expect(fakeWebpush.keyRequests.length > 0, 'the VAPID public key was fetched');
    if (fakeWebpush.subscriptions.length === 0) {
      // Headless Chromium here has no push service (no Google services, no background network):
      // pushManager.subscribe() never settles, and the app gives up after 20 s saying so.
      if (state === '{}' || state.includes('push service') || state.includes('Registration failed')) {
        return `SKIP the VAPID key was fetched, but this headless Chromium has no push service (subscribe() does not settle)`;
      }
      throw new Error(`no subscription stored; push state ${state}`);
    }
    const [stored] = fakeWebpush.subscriptions;
    const deviceId = await page.evaluate(() => window.webphone.storage.get('deviceId'));
    expect(stored.deviceId === deviceId, 'stored under the device id');
    expect(stored.authorization === `Bearer ${account.token}`, 'with the device token');
    expect(stored.subscription.endpoint && stored.subscription.keys?.p256dh, 'a whole PushSubscription');
  });

  await step('renews the device token with a Digest answer from the HA1 (real allocatenumber)', async () => {
    const before = await page.evaluate(() => window.webphone.storage.get('account'));
    await page.waitForTimeout(1100); // a new second, so the new token differs in iat/exp
    expect(await page.evaluate(() => window.webphone.refreshToken()), 'refreshToken() succeeded');
    const after = await page.evaluate(() => window.webphone.storage.get('account'));
    expect(after.token !== before.token && after.token.split('.').length === 3, 'a new JWT is stored');
    expect(after.ha1 === before.ha1 && after.number === before.number, 'credentials unchanged');
    account = after;
  });

  await step('the connection state is always visible', async () => {
    const status = await page.textContent('#status');
    expect(status.startsWith('Connection:'), `status line: ${status}`);
  });

  await step('settings screen: number, permissions, language, version', async () => {
    await page.goto(`${base}/#/settings`);
    await page.waitForSelector('#my-number');
    const text = await page.textContent('main');
    expect(text.includes('Notifications') && text.includes('Microphone') && text.includes('Version'), 'settings content');
    await shoot(page, '02-settings');
    await axe(page, 'settings');
  });

  await step('dial pad: typing and keys build a formatted number', async () => {
    await page.goto(`${base}/#/dial`);
    await page.waitForSelector('#dial-input');
    await page.fill('#dial-input', '');
    await page.focus('#dial-input');
    await page.keyboard.type('99910');
    await page.click('[data-key="0"]');
    await page.click('[data-key="1"]');
    const value = await page.inputValue('#dial-input');
    expect(value === '999 100 1', `dial input shows "${value}"`);
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.type('23');
    await page.keyboard.press('Backspace');
    const typed = await page.inputValue('#dial-input');
    expect(typed === '999 100 12', `keyboard without focus in the field gives "${typed}"`);
    await shoot(page, '03-dial');
    await axe(page, 'dial');
  });

  await step('calling without a connection says that calling needs one', async () => {
    const registered = await page.evaluate(() => window.webphone.phone.isRegistered());
    if (registered) return 'SKIP registered to a real sip-proxy';
    await page.click('#call-button');
    await page.waitForFunction(() => document.querySelector('#banner').textContent.includes('needs a connection'));
  });

  await step('contacts: add, edit, delete, list, and the form has no violations', async () => {
    await page.goto(`${base}/#/contacts/new`);
    await page.waitForSelector('#contact-name');
    await axe(page, 'contact form');
    await shoot(page, '04-contact-form');
    await page.fill('#contact-name', 'Ana');
    await page.fill('#contact-number', '99910012345');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Ana');
    await page.click('button[aria-label="Edit Ana"]');
    await page.fill('#contact-name', 'Ana María');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[title="Call Ana María"]');
    await shoot(page, '05-contacts');
    await axe(page, 'contacts');
    // Delete asks first; a second contact is added and deleted, Ana stays for the later screens.
    await page.click('text=Add contact');
    await page.fill('#contact-name', 'Temporary');
    await page.fill('#contact-number', '123');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[title="Call Temporary"]');
    page.once('dialog', (dialog) => dialog.accept());
    await page.click('button[aria-label="Delete Temporary"]');
    await page.waitForSelector('button[title="Call Temporary"]', { state: 'detached' });
  });

  await step('history: in, out and missed calls with durations and call back', async () => {
    await page.evaluate(async () => {
      const s = window.webphone.storage;
      const now = Date.now();
      await s.addHistory({ kind: 'out', peer: '99910012345', startedAt: now - 3000000, duration: 75 });
      await s.addHistory({ kind: 'in', peer: '99910054321', startedAt: now - 2000000, duration: 3700 });
      await s.addHistory({ kind: 'missed', peer: '99910099999', startedAt: now - 1000000, duration: 0 });
    });
    await page.goto(`${base}/#/history`);
    await page.waitForSelector('.history-missed');
    const text = await page.textContent('main');
    expect(text.includes('Ana María') && text.includes('1:01:40') && text.includes('Missed'), 'history content');
    await shoot(page, '06-history');
    await axe(page, 'history');
  });

  await step('messages: a text sent while not registered is marked not sent', async () => {
    await page.goto(`${base}/#/messages/99910012345`);
    await page.waitForSelector('#message-text');
    await page.fill('#message-text', 'Hola, ¿qué tal?');
    await page.click('button[type=submit]');
    await page.waitForSelector('.bubbles li.failed');
    await page.evaluate(() => window.webphone.onMessage({ peer: '99910012345', text: 'Bien, gracias' }));
    await page.waitForSelector('.bubbles li.in');
    await shoot(page, '07-conversation');
    await axe(page, 'conversation');
    await page.goto(`${base}/#/messages`);
    await page.waitForSelector('.list a:has-text("Ana María")');
    await shoot(page, '08-messages');
    await axe(page, 'messages');
  });

  // A stand-in for a JsSIP RTCSession: records what the app asks of it.
  const fakeSession = `({
    calls: [], handlers: {}, connection: { addEventListener() {} },
    on(name, handler) { this.handlers[name] = handler; },
    answer(options) { this.calls.push(['answer']); },
    terminate(options) { this.calls.push(['terminate', options?.status_code ?? null]); },
    mute() { this.calls.push(['mute']); }, unmute() { this.calls.push(['unmute']); },
    hold() { this.calls.push(['hold']); }, unhold() {}, sendDTMF(key) { this.calls.push(['dtmf', key]); },
  })`;

  await step('incoming call: screen, decline answers 603', async () => {
    await page.goto(`${base}/#/dial`);
    await appReady(page);
    await page.evaluate((source) => {
      window.ringing = eval(source);
      window.webphone.onIncoming(window.ringing, { peer: '99910012345', callId: 'e2e-1@test' });
    }, fakeSession);
    await page.waitForSelector('#answer');
    await shoot(page, '09-incoming');
    await axe(page, 'incoming');
    await page.click('#decline');
    const calls = await page.evaluate(() => window.ringing.calls);
    expect(JSON.stringify(calls) === '[["terminate",603]]', `decline sent ${JSON.stringify(calls)}`);
  });

  await step('in call: mute, keypad DTMF, timer, and 486 to a second caller', async () => {
    await page.waitForFunction(() => window.webphone.call === null, null, { timeout: 5000 });
    await page.evaluate((source) => {
      window.first = eval(source);
      window.webphone.onIncoming(window.first, { peer: '99910012345', callId: 'e2e-2@test' });
    }, fakeSession);
    await page.click('#answer');
    await page.evaluate(() => window.webphone.callEvent('confirmed'));
    await page.waitForSelector('#hang-up');
    await page.click('#mute');
    await page.click('#keypad-toggle');
    await page.click('.overlay [data-key="5"]');
    await page.evaluate((source) => {
      window.second = eval(source);
      window.webphone.onIncoming(window.second, { peer: '99910077777', callId: 'e2e-3@test' });
    }, fakeSession);
    const [first, second] = await page.evaluate(() => [window.first.calls, window.second.calls]);
    expect(JSON.stringify(first) === '[["answer"],["mute"],["dtmf","5"]]', `first call got ${JSON.stringify(first)}`);
    expect(JSON.stringify(second) === '[["terminate",486]]', `second caller got ${JSON.stringify(second)}`);
    await page.waitForTimeout(1100);
    await shoot(page, '10-in-call');
    await axe(page, 'in call');
    await page.click('#hang-up');
    await page.waitForFunction(() => window.webphone.call === null, null, { timeout: 5000 });
  });

  // --- SIP over WebSocket: JsSIP against the fake registrar ------------------------------------
  const fake = (name, body) => step(name, async () => (realSipWsUrl ? 'SKIP E2E_SIP_WS_URL points at a real sip-proxy' : body()));
  let ids = null;

  await fake('registers over the SIP WebSocket: digest from the HA1, +sip.instance, RFC 8599 Contact parameters', async () => {
    registrar = startFakeRegistrar(fakeSipPort, { realm: account.realm });
    await registrar.ready;
    registrar.setHa1(account.ha1);
    ids = await page.evaluate(async () => ({ instanceId: await window.webphone.storage.get('instanceId'), deviceId: await window.webphone.storage.get('deviceId') }));
    await page.evaluate(() => window.webphone.phone.nudge());
    await page.waitForFunction(() => window.webphone.connection === 'registered', null, { timeout: 30000 });
    const contact = registrar.state.contact;
    expect(contact.includes(`;pn-provider=webpush;pn-prid=${ids.deviceId}>`), `pn parameters in the Contact URI: ${contact}`);
    expect(contact.includes(`+sip.instance="<urn:uuid:${ids.instanceId}>"`), `+sip.instance: ${contact}`);
    expect(registrar.state.authFailures === 0, 'digest answer matched the HA1');
    expect((await page.textContent('#status')).includes('Ready for calls'), 'status says ready');
    await shoot(page, '14-registered');
  });

  await fake('re-registers by itself after the connection drops', async () => {
    const before = registrar.state.registers.length;
    registrar.dropConnection();
    await page.waitForFunction(() => window.webphone.connection !== 'registered', null, { timeout: 10000 });
    await page.waitForFunction(() => window.webphone.connection === 'registered', null, { timeout: 40000 });
    expect(registrar.state.registers.length > before, 'a new REGISTER was sent');
  });

  await fake('text messages: a sent one is marked sent, a received one shows in the conversation', async () => {
    await page.goto(`${base}/#/messages/99910054321`);
    await page.waitForSelector('#message-text');
    await page.waitForFunction(() => window.webphone.connection === 'registered', null, { timeout: 30000 });
    await page.fill('#message-text', 'Are you there?');
    await page.click('button[type=submit]');
    await page.waitForSelector('.bubbles li.out.sent');
    const sent = registrar.state.messages.at(-1);
    expect(sent.body === 'Are you there?' && sent.startLine.startsWith('MESSAGE sip:99910054321@'), `MESSAGE sent: ${sent.startLine}`);
    registrar.sendMessage('99910054321', account.number, 'Yes, here');
    await page.waitForSelector('.bubbles li.in:has-text("Yes, here")');
  });

  const offerSdp = () => page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio');
    await pc.setLocalDescription(await pc.createOffer());
    window.keepOfferer = (window.keepOfferer ?? []).concat(pc);
    return pc.localDescription.sdp;
  });

  await fake('an incoming INVITE rings; Decline answers 603 to the caller', async () => {
    await page.goto(`${base}/#/dial`);
    await page.waitForFunction(() => window.webphone.connection === 'registered', null, { timeout: 30000 });
    const call = registrar.invite('sip-decline-1@fake', '99910054321', account.number, await offerSdp());
    await page.waitForSelector('#decline');
    await page.click('#decline');
    for (let i = 0; i < 50 && !call.finalResponse(); i++) await page.waitForTimeout(100);
    expect(call.finalResponse()?.startLine === 'SIP/2.0 603 Decline', `final response ${call.finalResponse()?.startLine}`);
  });

  await fake('Answer on the notification answers the INVITE with that Call-ID when it arrives; BYE ends the call', async () => {
    await page.waitForFunction(() => window.webphone.call === null, null, { timeout: 5000 });
    const worker = context.serviceWorkers().find((w) => w.url().endsWith('/sw.js'));
    await worker.evaluate(async () => {
      await self.registration.showNotification('ring', { tag: 'call:sip-answer-1@fake', data: { kind: 'call-incoming', from: '99910054321', callId: 'sip-answer-1@fake' }, actions: [{ action: 'answer', title: 'Answer' }] });
      const [notification] = await self.registration.getNotifications({ tag: 'call:sip-answer-1@fake' });
      self.dispatchEvent(new NotificationEvent('notificationclick', { notification, action: 'answer' }));
    });
    await page.waitForFunction(() => window.webphone.pendingAnswer?.callId === 'sip-answer-1@fake', null, { timeout: 5000 });
    const call = registrar.invite('sip-answer-1@fake', '99910054321', account.number, await offerSdp());
    for (let i = 0; i < 100 && !call.finalResponse(); i++) await page.waitForTimeout(100);
    const answer = call.finalResponse();
    expect(answer?.startLine === 'SIP/2.0 200 OK' && answer.body.includes('m=audio'), `answered with ${answer?.startLine}`);
    call.ack();
    await page.waitForFunction(() => window.webphone.call?.model.state === 'active', null, { timeout: 5000 });
    call.bye();
    await page.waitForFunction(() => window.webphone.call?.model.state === 'ended' || window.webphone.call === null, null, { timeout: 5000 });
    const [latest] = await page.evaluate(() => window.webphone.storage.history());
    expect(latest.kind === 'in' && latest.peer === '99910054321', `history ${JSON.stringify(latest)}`);
  });

  await fake('an outgoing call rings, is answered, sends DTMF, holds and resumes, turns a second caller away with 486, and hangs up with BYE', async () => {
    await page.goto(`${base}/#/dial`);
    await page.waitForFunction(() => window.webphone.connection === 'registered' && window.webphone.call === null, null, { timeout: 30000 });
    await page.fill('#dial-input', '99910054321');
    await page.click('#call-button');
    for (let i = 0; i < 100 && registrar.state.invites.length === 0; i++) await page.waitForTimeout(100);
    const invite = registrar.state.invites.at(-1);
    expect(invite?.startLine === `INVITE sip:99910054321@${account.realm} SIP/2.0`, `INVITE ${invite?.startLine}`);
    // The far end's media: a second peer connection in the page answers each offer of the phone.
    const farEndAnswer = (offer) => page.evaluate(async (sdp) => {
      window.farEnd ??= new RTCPeerConnection();
      await window.farEnd.setRemoteDescription({ type: 'offer', sdp });
      await window.farEnd.setLocalDescription(await window.farEnd.createAnswer());
      return window.farEnd.localDescription.sdp;
    }, offer);
    const answerSdp = await farEndAnswer(invite.body);
    const answer = registrar.ringThenAnswer(invite, answerSdp);
    await page.waitForFunction(() => window.webphone.call?.model.state === 'ringing', null, { timeout: 5000 });
    await shoot(page, '15-outgoing-ringing');
    answer();
    await page.waitForFunction(() => window.webphone.call?.model.state === 'active', null, { timeout: 10000 });
    expect(registrar.state.acks.length > 0, 'the 200 was acknowledged');
    await page.click('#keypad-toggle');
    await page.click('.overlay [data-key="7"]');
    for (let i = 0; i < 30 && registrar.state.infos.length === 0; i++) await page.waitForTimeout(100);
    expect(/Signal=7/.test(registrar.state.infos.at(-1)?.body ?? ''), 'DTMF 7 sent as SIP INFO');
    for (const [expected, direction] of [['held', 'sendonly'], ['active', 'sendrecv']]) {
      const invites = registrar.state.invites.length;
      await page.click('#hold');
      for (let i = 0; i < 50 && registrar.state.invites.length === invites; i++) await page.waitForTimeout(100);
      const reInvite = registrar.state.invites.at(-1);
      expect(reInvite.body.includes(`a=${direction}`), `re-INVITE offers ${direction}`);
      registrar.answerReInvite(reInvite, await farEndAnswer(reInvite.body));
      await page.waitForFunction((state) => window.webphone.call?.model.state === state, expected, { timeout: 5000 });
      if (expected === 'held') await shoot(page, '16-on-hold');
    }
    const second = registrar.invite('sip-busy-1@fake', '99910077777', account.number, await offerSdp());
    for (let i = 0; i < 50 && !second.finalResponse(); i++) await page.waitForTimeout(100);
    expect(second.finalResponse()?.startLine === 'SIP/2.0 486 Busy Here', `second caller got ${second.finalResponse()?.startLine}`);
    await page.click('#hang-up');
    for (let i = 0; i < 30 && registrar.state.byes.length === 0; i++) await page.waitForTimeout(100);
    expect(registrar.state.byes.length === 1, 'BYE sent');
    await page.waitForFunction(() => window.webphone.call === null, null, { timeout: 5000 });
    const [busyMissed, outgoing] = await page.evaluate(() => window.webphone.storage.history());
    expect(outgoing.kind === 'out' && outgoing.peer === '99910054321', `history ${JSON.stringify(outgoing)}`);
    expect(busyMissed.kind === 'missed' && busyMissed.peer === '99910077777', `the turned-away caller is a missed call: ${JSON.stringify(busyMissed)}`);
  });

  await step('registers to the real sip-proxy over its WebSocket', async () => {
    if (!realSipWsUrl) return 'SKIP E2E_SIP_WS_URL not set (the registration to the real sip-proxy over WebSocket runs in e2e/chain.mjs; set it to test against a sip-proxy on the webphone_e2e_pwa database)';
    const ws = new URL(realSipWsUrl);
    if (!(await listening(ws.hostname, Number(ws.port || 80)))) return `SKIP nothing listens on ${realSipWsUrl}`;
    await page.goto(`${base}/#/dial`);
    await page.waitForFunction(() => window.webphone.connection === 'registered', null, { timeout: 20000 });
    return undefined;
  });

  await step('installable: Page.getInstallabilityErrors reports none', async () => {
    await page.goto(`${base}/#/dial`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.length === 0, JSON.stringify(installabilityErrors));
    const manifest = await (await fetch(`${base}/manifest.webmanifest`)).json();
    expect(manifest.icons.some((icon) => icon.purpose === 'maskable'), 'maskable icon');
  });

  await step('service worker: pushes become notifications with Answer/Decline, then "missed call", then a message', async () => {
    await page.goto(`${base}/#/dial`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const registrationId = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no service worker registration seen')), 10000);
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted);
        if (ours) { clearTimeout(timer); resolve(ours.registrationId); }
      });
      cdp.send('ServiceWorker.enable');
    });
    const deliver = (payload) => cdp.send('ServiceWorker.deliverPushMessage', { origin: base, registrationId, data: JSON.stringify(payload) });
    const notifications = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
      .map((n) => ({ title: n.title, body: n.body, tag: n.tag, requireInteraction: n.requireInteraction, actions: n.actions.map((a) => a.action), data: n.data })));
    const waitFor = async (predicate, what) => {
      for (let i = 0; i < 50; i++) {
        const shown = await notifications();
        if (predicate(shown)) return shown;
        await page.waitForTimeout(100);
      }
      throw new Error(`${what}: ${JSON.stringify(await notifications())}`);
    };

    await deliver({ kind: 'call-incoming', from: '99910012345', callId: 'push-call-1@test', sentAt: new Date().toISOString(),
      notification: { title: 'Webph.one', data: { from: '99910012345', action: 'call-incoming', id: 'push-call-1@test' } } });
    const ring = (await waitFor((shown) => shown.some((n) => n.tag === 'call:push-call-1@test'), 'ring notification'))
      .find((n) => n.tag === 'call:push-call-1@test');
    expect(ring.title === 'Incoming call from 999 100 12345', `title ${ring.title}`);
    expect(ring.requireInteraction === true, 'requires interaction');
    expect(JSON.stringify(ring.actions) === '["answer","decline"]', `actions ${ring.actions}`);

    await deliver({ kind: 'call-cancelled', from: '99910012345', callId: 'push-call-1@test' });
    const missed = await waitFor((shown) => shown.some((n) => n.tag === 'call:push-call-1@test' && n.title.startsWith('Missed')), 'missed call replaces the ring');
    expect(missed.filter((n) => n.tag === 'call:push-call-1@test').length === 1, 'one notification per call');

    await deliver({ kind: 'message', from: '99910054321', content: 'Call me back' });
    await waitFor((shown) => shown.some((n) => n.title === 'Message from 999 100 54321' && n.body === 'Call me back'), 'message notification');
  });

  await step('service worker: Decline on the notification POSTs the decline with the device token', async () => {
    const worker = context.serviceWorkers().find((w) => w.url().endsWith('/sw.js'));
    expect(worker, 'service worker running');
    await worker.evaluate(async () => {
      await self.registration.showNotification('ring', { tag: 'call:decline-1@test', data: { kind: 'call-incoming', from: '1', callId: 'decline-1@test' }, actions: [{ action: 'decline', title: 'Decline' }] });
      const [notification] = await self.registration.getNotifications({ tag: 'call:decline-1@test' });
      self.dispatchEvent(new NotificationEvent('notificationclick', { notification, action: 'decline' }));
    });
    for (let i = 0; i < 50 && fakeSipApi.declines.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const [decline] = fakeSipApi.declines;
    expect(decline?.callId === 'decline-1@test', `decline request ${JSON.stringify(fakeSipApi.declines)}`);
    expect(decline.authorization === `Bearer ${account.token}`, 'sent with the device token');
  });

  await step('offline: the app still opens from the service worker cache and says calling needs a connection', async () => {
    await context.setOffline(true);
    await page.reload();
    await appReady(page);
    await page.waitForFunction(() => !document.querySelector('#banner').hidden);
    const banner = await page.textContent('#banner');
    expect(banner.includes('need a connection'), `banner: ${banner}`);
    await shoot(page, '11-offline');
    await axe(page, 'offline');
    await context.setOffline(false);
  });

  await context.close();

  // --- Spanish ---------------------------------------------------------------------------------
  await step('Spanish when the browser asks for it: welcome, first run, settings', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    try {
      const spanish = await browser.newContext({ locale: 'es-ES', viewport: { width: 412, height: 860 }, permissions: ['notifications'] });
      const es = await spanish.newPage();
      await es.goto(base);
      await appReady(es);
      expect(await es.textContent('h2') === 'Bienvenida', 'Spanish welcome');
      expect(await es.getAttribute('html', 'lang') === 'es', 'html lang="es"');
      await shoot(es, '12-welcome-es');
      await axe(es, 'welcome (es)');
      await es.click('#get-number');
      await es.waitForSelector('#my-number');
      const text = await es.textContent('main');
      expect(text.includes('Mi número') && text.includes('Micrófono'), 'Spanish settings');
      await shoot(es, '13-settings-es');
      await axe(es, 'settings (es)');
      await es.selectOption('#language', 'en');
      await es.waitForFunction(() => document.querySelector('h2').textContent === 'Settings');
    } finally {
      await browser.close();
    }
  });
} catch (error) {
  console.log(`e2e ERROR: ${error.stack || error}`);
  exitCode = 1;
} finally {
  fakeSipApi?.close();
  registrar?.close();
  fakeWebpush?.close();
  children.forEach(stop);
  rmSync(temporary, { recursive: true, force: true });
}

const failed = results.filter((r) => r.status === 'FAIL').length;
console.log(`\ne2e: ${results.filter((r) => r.status === 'PASS').length} passed, ${failed} failed, ${results.filter((r) => r.status === 'SKIP').length} skipped; screenshots in ${SHOTS}, service logs in ${LOGS}`);
process.exit(failed || exitCode ? 1 : 0);
