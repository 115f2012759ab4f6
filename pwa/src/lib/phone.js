// The SIP side of the phone: one JsSIP user agent over the SIP WebSocket, registered with the
// stored HA1, a stable +sip.instance (RFC 5626) and RFC 8599 push parameters in the Contact URI
// so sip-proxy can wake this device with Web Push when its WebSocket is gone.
//
// Reports upward through the listener given to the constructor:
//   onConnection(state)        'connecting' | 'connected' | 'registered' | 'unregistered' | 'failed' | 'auth-failed' | 'offline'
//   onIncoming(session, info)  a new incoming INVITE ({peer, callId})
//   onMessage({peer, text})    an incoming SIP MESSAGE
// Runs on the page's main thread; JsSIP keeps reconnecting the socket by itself, and this class
// re-REGISTERs after a refused or timed-out registration with backoff.

import JsSIP from 'jssip';
import { userOf, toSipUri } from './phone-number.js';
import { backoffDelay } from './backoff.js';

/** Contact URI for REGISTER: a random user at an .invalid host (RFC 7118) plus the RFC 8599 params. */
export function contactUri(deviceId, random = Math.random) {
  const token = Array.from({ length: 10 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');
  return `sip:${token}@${token}.invalid;transport=ws;pn-provider=webpush;pn-prid=${deviceId}`;
}

/** JsSIP's UA configuration for a stored account. Pure, so a unit test can check it. */
export function userAgentConfig({ account, wsUrl, instanceId, deviceId, version }) {
  return {
    uri: `sip:${account.number}@${account.sipDomain}`,
    authorization_user: account.number,
    // No password is kept: RFC 2617 digest works from HA1 and the realm it was made for.
    ha1: account.ha1,
    realm: account.realm,
    instance_id: instanceId,
    contact_uri: contactUri(deviceId),
    register: true,
    register_expires: 600,
    session_timers: false,
    user_agent: `Webphone/${version}`,
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 30,
    wsUrl,
  };
}

export class Phone {
  constructor(listener) {
    this.listener = listener;
    this.ua = null;
    this.state = 'offline';
    this.retry = 0;
    this.retryTimer = null;
  }

  start(settings) {
    this.stop();
    const { wsUrl, ...config } = userAgentConfig(settings);
    const socket = new JsSIP.WebSocketInterface(wsUrl);
    const ua = new JsSIP.UA({ ...config, sockets: [socket] });
    this.domain = settings.account.sipDomain;
    ua.on('connecting', () => this.report('connecting'));
    ua.on('connected', () => this.report('connected'));
    ua.on('disconnected', () => this.report('failed'));
    ua.on('registered', () => {
      this.retry = 0;
      this.report('registered');
    });
    ua.on('unregistered', () => this.report('unregistered'));
    ua.on('registrationFailed', (event) => this.onRegistrationFailed(event));
    ua.on('newRTCSession', (event) => {
      if (event.originator !== 'remote') return;
      const request = event.request;
      this.listener.onIncoming(event.session, { peer: userOf(request.from.uri.toString()), callId: request.call_id });
    });
    ua.on('newMessage', (event) => {
      if (event.originator !== 'remote') return;
      this.listener.onMessage({ peer: userOf(event.request.from.uri.toString()), text: event.request.body ?? '' });
    });
    this.ua = ua;
    ua.start();
  }

  onRegistrationFailed(event) {
    const cause = event.cause;
    if (cause === JsSIP.C.causes.AUTHENTICATION_ERROR || cause === JsSIP.C.causes.REJECTED) {
      this.report('auth-failed');
      return;
    }
    this.report('failed');
    // JsSIP re-registers after a reconnect, but not after a REGISTER that timed out or got 5xx.
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.ua?.isConnected() && this.ua.register(), backoffDelay(this.retry++, { cap: 30000 }));
  }

  /** Called when the browser says the network is back, or the app comes to the foreground. */
  nudge() {
    if (!this.ua || this.state === 'connecting') return;
    if (!this.ua.isConnected()) {
      this.ua.stop();
      this.ua.start();
    } else if (!this.ua.isRegistered()) {
      this.ua.register();
    }
  }

  report(state) {
    this.state = state;
    this.listener.onConnection(state);
  }

  stop() {
    clearTimeout(this.retryTimer);
    if (this.ua) {
      this.ua.removeAllListeners();
      this.ua.stop();
      this.ua = null;
    }
  }

  isRegistered() {
    return this.ua?.isRegistered() ?? false;
  }

  call(target, eventHandlers) {
    return this.ua.call(toSipUri(target, this.domain), {
      mediaConstraints: { audio: true, video: false },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
      pcConfig: { iceServers: [] },
      eventHandlers,
    });
  }

  sendMessage(target, text, { onSent, onFailed }) {
    this.ua.sendMessage(toSipUri(target, this.domain), text, {
      contentType: 'text/plain',
      eventHandlers: { succeeded: onSent, failed: onFailed },
    });
  }
}
