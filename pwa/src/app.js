// The app controller: owns the state (account, connection, current call, route), performs the
// actions the screens ask for, and re-renders. Runs on the page's main thread.
import { h, mount } from './ui/dom.js';
import { welcomeScreen, dialScreen, contactsScreen, historyScreen, messagesScreen, settingsScreen } from './ui/screens.js';
import { incomingView, callView } from './ui/call-screen.js';
import { pickLanguage, translator } from './i18n/index.js';
import { allocateNumber, AllocationRefused } from './lib/allocate.js';
import { subscribeToPush } from './lib/push.js';
import { renewToken, tokenNeedsRenewal } from './lib/token.js';
import { Phone } from './lib/phone.js';
import { CallModel, CallEvent, CallState, isBusy, failureKey } from './lib/call-state.js';
import { Ringer } from './lib/ringer.js';
import { formatNumber, formatDuration, normalizeDialString, sameNumber } from './lib/phone-number.js';

/** How long an "Answer" tapped on a notification waits for its INVITE. */
const ANSWER_WINDOW_MS = 60000;
const TABS = ['dial', 'contacts', 'history', 'messages', 'settings'];

export class App {
  constructor({ storage, config, version }) {
    this.storage = storage;
    this.config = config;
    this.version = version;
    this.numberGroups = config.numberGroups ?? [3, 3, 5];
    this.account = null;
    this.contacts = [];
    this.draft = '';
    this.connection = 'offline';
    this.call = null;
    this.pendingAnswer = null;
    this.pushState = {};
    this.firstRun = { working: false, error: null, retry: null };
    this.serverUnreachable = false;
    this.ringer = new Ringer();
    this.phone = new Phone({
      onConnection: (state) => this.onConnection(state),
      onIncoming: (session, info) => this.onIncoming(session, info),
      onMessage: (message) => this.onMessage(message),
    });
    this.elements = {
      screen: document.getElementById('screen'),
      tabs: document.getElementById('tabs'),
      status: document.getElementById('status'),
      banner: document.getElementById('banner'),
      overlay: document.getElementById('overlay'),
      audio: document.getElementById('remote-audio'),
    };
  }

  async start() {
    await this.storage.set('config', this.config); // the service worker reads it (sipApiUrl)
    this.setLanguageState(pickLanguage(await this.storage.get('language'), navigator.languages ?? [navigator.language]));
    this.account = (await this.storage.get('account')) ?? null;
    this.contacts = await this.storage.contacts();
    window.addEventListener('hashchange', () => this.route());
    window.addEventListener('online', () => { this.renderBanner(); this.phone.nudge(); });
    window.addEventListener('offline', () => this.renderBanner());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.phone.nudge());
    navigator.serviceWorker?.addEventListener('message', (event) => this.onWorkerMessage(event.data ?? {}));
    document.addEventListener('keydown', (event) => this.onKey(event));
    this.renderBanner();
    if (this.account) {
      await this.connect();
      if (tokenNeedsRenewal(this.account)) this.refreshToken();
    }
    this.renderStatus();
    await this.route();
  }

  // --- language --------------------------------------------------------------------------------

  setLanguageState(language) {
    this.language = language;
    this.t = translator(language);
    document.documentElement.lang = language;
    document.querySelector('.skip').textContent = this.t('app.skip');
  }

  async setLanguage(language) {
    await this.storage.set('language', language);
    this.setLanguageState(language);
    this.renderStatus();
    this.renderBanner();
    await this.route();
    document.getElementById('language')?.focus();
  }

  // --- first run -------------------------------------------------------------------------------

  async getNumber() {
    // Asked here, inside the click, because browsers only show the prompt from a user gesture.
    const permission = 'Notification' in window ? Notification.requestPermission().catch(() => 'default') : Promise.resolve('unsupported');
    this.firstRun = { working: true, error: null, retry: null };
    await this.route();
    try {
      const account = await allocateNumber(this.config.allocateApiUrl, {
        onRetry: (attempt, delay) => {
          this.firstRun = { working: true, error: null, retry: { attempt, seconds: Math.ceil(delay / 1000) } };
          this.route();
        },
      });
      await this.storage.set('account', account);
      this.account = account;
      this.firstRun = { working: false, error: null, retry: null };
      await this.connect();
      this.go('#/settings');
      if ((await permission) === 'granted') await this.setupPush();
    } catch (error) {
      const reason = error instanceof AllocationRefused ? error.message : String(error.message ?? error);
      this.firstRun = { working: false, error: reason, retry: null };
      await this.route();
      document.getElementById('get-number')?.focus();
    }
  }

  async connect() {
    const [instanceId, deviceId] = await Promise.all([this.storage.stableId('instanceId'), this.storage.stableId('deviceId')]);
    this.deviceId = deviceId;
    this.phone.start({ account: this.account, wsUrl: this.config.sipWsUrl, instanceId, deviceId, version: this.version });
    if ('Notification' in window && Notification.permission === 'granted') this.setupPush();
  }

  /**
   * Gets a new device token with a Digest answer made from the HA1; webpush and the decline
   * from the notification need a valid one. Returns whether it worked (offline: next start).
   */
  async refreshToken() {
    try {
      const renewed = await renewToken(this.config.allocateApiUrl, this.account);
      this.account = { ...this.account, ...renewed };
      await this.storage.set('account', this.account);
      if ('Notification' in window && Notification.permission === 'granted') this.setupPush();
      return true;
    } catch {
      return false;
    }
  }

  async setupPush() {
    try {
      const registration = await navigator.serviceWorker?.ready;
      await subscribeToPush({ registration, webpushApi: this.config.webpushApiUrl, deviceId: this.deviceId, token: this.account.token });
      this.pushState = { ok: true };
    } catch (error) {
      this.pushState = { error: error.message || String(error) };
    }
    if (this.screen === 'settings') await this.route();
  }

  // --- connection state ------------------------------------------------------------------------

  onConnection(state) {
    this.connection = state;
    if (state === 'registered') this.serverUnreachable = false;
    this.renderStatus();
    this.renderBanner();
  }

  renderStatus() {
    const state = !this.account ? 'no-account' : this.isOffline() ? 'offline' : this.connection;
    this.elements.status.dataset.state = state;
    this.elements.status.textContent = `${this.t('status.label')}: ${this.t(`status.${state}`)}`;
  }

  /** Offline: the browser says so, or the server could not be reached and nothing works yet. */
  isOffline() {
    return !navigator.onLine || (this.serverUnreachable && this.connection !== 'registered');
  }

  renderBanner() {
    const banner = this.elements.banner;
    const offline = this.isOffline();
    banner.hidden = !offline;
    banner.textContent = offline ? this.t('offline.banner') : '';
  }

  flash(text) {
    const banner = this.elements.banner;
    banner.hidden = false;
    banner.textContent = text;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.renderBanner(), 6000);
  }

  // --- routing ---------------------------------------------------------------------------------

  go(hash) {
    if (location.hash === hash) this.route();
    else location.hash = hash;
  }

  async route() {
    const [screen = 'dial', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
    const argument = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
    if (screen === 'answer' && argument) {
      this.expectAnswer(argument);
      history.replaceState(null, '', '#/dial');
      return this.route();
    }
    if (!this.account) return this.show('welcome', welcomeScreen(this));
    switch (screen) {
      case 'contacts': {
        this.contacts = await this.storage.contacts();
        const editing = argument === 'new' ? {} : argument ? this.contacts.find((c) => String(c.id) === argument) : null;
        return this.show('contacts', contactsScreen(this, { contacts: this.contacts, editing }));
      }
      case 'history':
        return this.show('history', historyScreen(this, { history: await this.storage.history() }));
      case 'messages':
        if (argument !== undefined) {
          const peer = normalizeDialString(argument);
          return this.show('messages', messagesScreen(this, { peer, messages: peer ? await this.storage.conversation(peer) : [] }));
        }
        return this.show('messages', messagesScreen(this, { conversations: await this.storage.conversations() }));
      case 'settings':
        return this.show('settings', settingsScreen(this, await this.permissions()));
      case 'dial':
      default:
        if (argument) this.draft = normalizeDialString(argument);
        return this.show('dial', dialScreen(this));
    }
  }

  show(screen, element) {
    const changed = this.screen !== screen;
    this.screen = screen;
    document.title = `${this.t(screen === 'welcome' ? 'welcome.title' : `nav.${screen}`)} · ${this.t('app.name')}`;
    mount(this.elements.screen, element);
    this.renderTabs();
    if (changed) this.elements.screen.focus();
  }

  renderTabs() {
    const tabs = this.elements.tabs;
    tabs.hidden = !this.account;
    tabs.setAttribute('aria-label', this.t('nav.label'));
    mount(tabs, TABS.map((name) => h('a', { href: `#/${name}`, 'aria-current': this.screen === name ? 'page' : null }, this.t(`nav.${name}`))));
  }

  nameOf(number) {
    const contact = this.contacts.find((c) => sameNumber(c.number, number));
    return contact ? contact.name : formatNumber(number, this.numberGroups);
  }

  /**
   * A physical keyboard: digits, * and # dial (or send DTMF with the in-call keypad open), Enter
   * calls, Backspace deletes; ignored while typing in a field or when a control has the key.
   */
  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    const dialKey = /^[0-9*#+]$/.test(event.key) ? event.key : null;
    if (this.call) {
      if (dialKey && this.call.keypadOpen) this.sendDtmf(dialKey);
      return;
    }
    if (this.screen !== 'dial') return;
    if (dialKey) this.draft = normalizeDialString(this.draft + dialKey);
    else if (event.key === 'Backspace') this.draft = this.draft.slice(0, -1);
    else if (event.key === 'Enter' && target === document.body) this.startCall(this.draft);
    else return;
    event.preventDefault();
    const input = document.getElementById('dial-input');
    if (input) input.value = formatNumber(this.draft, this.numberGroups);
  }

  // --- contacts, history -----------------------------------------------------------------------

  async saveContact(contact) {
    await this.storage.saveContact(contact);
    this.go('#/contacts');
  }

  async deleteContact(contact) {
    if (!window.confirm(this.t('contacts.confirm-delete', { name: contact.name }))) return;
    await this.storage.deleteContact(contact.id);
    await this.route();
  }

  async clearHistory() {
    await this.storage.clearHistory();
    await this.route();
  }

  // --- settings --------------------------------------------------------------------------------

  async permissions() {
    const notifications = !('Notification' in window) ? 'unsupported'
      : Notification.permission === 'default' ? 'prompt' : Notification.permission;
    let microphone = 'unsupported';
    if (navigator.mediaDevices?.getUserMedia) {
      try {
        microphone = (await navigator.permissions.query({ name: 'microphone' })).state;
      } catch {
        microphone = 'prompt'; // Browsers that cannot query it still ask when a call starts.
      }
    }
    return { notifications, microphone };
  }

  async askNotifications() {
    if ((await Notification.requestPermission()) === 'granted') await this.setupPush();
    await this.route();
  }

  async askMicrophone() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((track) => track.stop());
    } catch {
      // The state shown after the re-render says what happened.
    }
    await this.route();
  }

  async shareNumber() {
    const text = this.t('settings.share-text', { number: formatNumber(this.account.number, this.numberGroups) });
    try {
      await navigator.share({ title: this.t('app.name'), text, url: location.origin });
    } catch {
      // The person closed the share sheet.
    }
  }

  async copyNumber() {
    await navigator.clipboard?.writeText(this.account.number).catch(() => {});
  }

  // --- messages --------------------------------------------------------------------------------

  async sendMessage(peer, text) {
    const id = await this.storage.addMessage({ peer, direction: 'out', text, at: Date.now(), status: 'sending' });
    const settle = async (status) => {
      await this.storage.setMessageStatus(id, status);
      if (this.screen === 'messages') await this.route();
    };
    if (!this.phone.isRegistered()) {
      await settle('failed');
      this.flash(this.t('call.needs-connection'));
      return;
    }
    this.phone.sendMessage(peer, text, { onSent: () => settle('sent'), onFailed: () => settle('failed') });
    await this.route();
  }

  async onMessage({ peer, text }) {
    await this.storage.addMessage({ peer, direction: 'in', text, at: Date.now(), status: 'received' });
    if (this.screen === 'messages') await this.route();
  }

  // --- calls -----------------------------------------------------------------------------------

  async startCall(number) {
    const target = normalizeDialString(number);
    if (!target || isBusy(this.call?.model.state ?? CallState.IDLE)) return;
    if (!this.phone.isRegistered()) {
      this.flash(this.t('call.needs-connection'));
      return;
    }
    const model = new CallModel({ direction: 'out', peer: target });
    model.apply(CallEvent.DIAL);
    this.call = { model, session: null, keypadOpen: false };
    this.renderCall();
    try {
      const session = this.phone.call(target, this.sessionHandlers());
      this.call.session = session;
      this.listenForAudio(session);
    } catch (error) {
      this.endCall(CallEvent.FAILED, error.message);
    }
  }

  onIncoming(session, { peer, callId }) {
    if (isBusy(this.call?.model.state ?? CallState.IDLE)) {
      // RFC 3261 §21.4.7: we are in a call; the caller may try later.
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      this.storage.addHistory({ kind: 'missed', peer, startedAt: Date.now(), duration: 0 });
      return;
    }
    const model = new CallModel({ direction: 'in', peer, callId });
    model.apply(CallEvent.INVITE_RECEIVED);
    this.call = { model, session, keypadOpen: false };
    for (const [name, handler] of Object.entries(this.sessionHandlers())) session.on(name, handler);
    this.listenForAudio(session);
    if (this.pendingAnswer && this.pendingAnswer.callId === callId && Date.now() < this.pendingAnswer.until) {
      this.pendingAnswer = null;
      this.answer();
      return;
    }
    this.renderCall();
  }

  sessionHandlers() {
    return {
      progress: () => this.callEvent(CallEvent.PROGRESS),
      confirmed: () => this.callEvent(CallEvent.CONFIRMED),
      ended: (event) => this.endCall(event.originator === 'remote' ? CallEvent.REMOTE_BYE : CallEvent.HANG_UP, event.cause),
      failed: (event) => this.endCall(CallEvent.FAILED, event.cause),
      hold: () => this.callEvent(CallEvent.HOLD),
      unhold: () => this.callEvent(CallEvent.UNHOLD),
    };
  }

  listenForAudio(session) {
    const attach = (connection) => connection.addEventListener('track', (event) => {
      this.elements.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    });
    if (session.connection) attach(session.connection);
    else session.on('peerconnection', (event) => attach(event.peerconnection));
  }

  callEvent(event) {
    if (this.call?.model.apply(event)) {
      if (this.call.model.state === CallState.ACTIVE) this.startTimer();
      this.renderCall();
    }
  }

  expectAnswer(callId) {
    if (this.call?.model.state === CallState.INCOMING && this.call.model.callId === callId) {
      this.answer();
      return;
    }
    this.pendingAnswer = { callId, until: Date.now() + ANSWER_WINDOW_MS };
    this.phone.nudge(); // The app was asleep: get registered so the held INVITE comes.
  }

  answer() {
    const call = this.call;
    if (!call || call.model.state !== CallState.INCOMING) return;
    call.model.apply(CallEvent.ANSWER);
    call.session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
    this.closeRingNotification(call.model.callId);
    this.renderCall();
  }

  decline() {
    const call = this.call;
    if (!call || call.model.state !== CallState.INCOMING) return;
    // RFC 3261 §21.6.2: 603 Decline, the callee does not want to take this call.
    call.session.terminate({ status_code: 603, reason_phrase: 'Decline' });
    this.endCall(CallEvent.HANG_UP, 'declined');
  }

  hangUp() {
    const call = this.call;
    if (!call) return;
    try {
      call.session?.terminate();
    } catch {
      // Already over on the JsSIP side.
    }
    this.endCall(CallEvent.HANG_UP, 'hang-up');
  }

  toggleMute() {
    const { model, session } = this.call;
    model.muted = !model.muted;
    if (model.muted) session.mute({ audio: true });
    else session.unmute({ audio: true });
    this.renderCall();
  }

  toggleHold() {
    const { model, session } = this.call;
    if (model.state === CallState.HELD) session.unhold();
    else session.hold();
  }

  toggleKeypad() {
    this.call.keypadOpen = !this.call.keypadOpen;
    this.renderCall();
  }

  sendDtmf(key) {
    this.call?.session?.sendDTMF(key);
  }

  async setOutput(deviceId) {
    this.call.output = deviceId;
    await this.elements.audio.setSinkId?.(deviceId).catch(() => {});
  }

  async loadOutputs() {
    if (!('setSinkId' in HTMLMediaElement.prototype) || !navigator.mediaDevices?.enumerateDevices) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    if (this.call) {
      this.call.outputs = devices.filter((device) => device.kind === 'audiooutput');
      this.renderCall();
    }
  }

  startTimer() {
    clearInterval(this.timer);
    this.loadOutputs();
    this.timer = setInterval(() => {
      const timer = document.getElementById('call-timer');
      if (timer && this.call) timer.textContent = formatDuration(this.call.model.talkSeconds());
    }, 1000);
  }

  async endCall(event, reason) {
    const call = this.call;
    if (!call || !call.model.apply(event, { reason })) return;
    clearInterval(this.timer);
    if (event === CallEvent.FAILED && call.model.direction === 'out') call.error = this.t(failureKey(reason), { cause: reason ?? '' });
    await this.storage.addHistory(call.model.toHistoryEntry());
    this.closeRingNotification(call.model.callId);
    this.renderCall();
    setTimeout(() => {
      if (this.call === call) {
        this.call = null;
        this.renderCall();
        if (this.screen === 'history') this.route();
      }
    }, call.error ? 4000 : 1500);
  }

  async closeRingNotification(callId) {
    if (!callId) return;
    const registration = await navigator.serviceWorker?.getRegistration();
    for (const notification of (await registration?.getNotifications({ tag: `call:${callId}` })) ?? []) notification.close();
  }

  renderCall() {
    const overlay = this.elements.overlay;
    const call = this.call;
    if (call?.model.state === CallState.INCOMING) this.ringer.start();
    else this.ringer.stop();
    const inert = Boolean(call);
    for (const id of ['screen', 'tabs']) this.elements[id].inert = inert;
    document.querySelector('.top').inert = false;
    if (!call) {
      overlay.hidden = true;
      overlay.replaceChildren();
      return;
    }
    const hadFocus = overlay.contains(document.activeElement) ? document.activeElement.id : null;
    mount(overlay, call.model.state === CallState.INCOMING ? incomingView(this, call) : callView(this, call));
    overlay.hidden = false;
    const focus = (hadFocus && document.getElementById(hadFocus)) || overlay.querySelector('#answer, #hang-up, button');
    focus?.focus();
  }

  // --- messages from the service worker ----------------------------------------------------------

  onWorkerMessage(message) {
    if (message.type === 'navigate') {
      if (message.answerCallId) this.expectAnswer(message.answerCallId);
      else if (message.url) location.hash = new URL(message.url, location.origin).hash;
    } else if (message.type === 'decline' && this.call?.model.callId === message.callId) {
      this.decline();
    } else if (message.type === 'push' && message.payload?.kind === 'call-incoming') {
      this.phone.nudge();
    }
  }
}
