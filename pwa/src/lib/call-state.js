// The life of one call as the screens see it, independent of JsSIP so it can be tested alone.
//
// States:   idle -> calling -> ringing -> active <-> held -> ended
//           idle -> incoming -> connecting -> active ...
// Inputs are the events below; an input that makes no sense in a state is ignored and reported
// (returns the same state), so a late or repeated JsSIP event cannot corrupt the screen.

export const CallState = Object.freeze({
  IDLE: 'idle',
  CALLING: 'calling', // INVITE sent, nothing heard yet
  RINGING: 'ringing', // 180/183 received
  INCOMING: 'incoming', // INVITE received, we ring
  CONNECTING: 'connecting', // we answered, waiting for ACK/media
  ACTIVE: 'active',
  HELD: 'held',
  ENDED: 'ended',
});

export const CallEvent = Object.freeze({
  DIAL: 'dial',
  PROGRESS: 'progress',
  INVITE_RECEIVED: 'invite-received',
  ANSWER: 'answer',
  CONFIRMED: 'confirmed',
  HOLD: 'hold',
  UNHOLD: 'unhold',
  HANG_UP: 'hang-up',
  FAILED: 'failed',
  REMOTE_BYE: 'remote-bye',
  RESET: 'reset',
});

const S = CallState;
const E = CallEvent;

/** Allowed transitions: state -> event -> next state. */
const TRANSITIONS = {
  [S.IDLE]: { [E.DIAL]: S.CALLING, [E.INVITE_RECEIVED]: S.INCOMING },
  [S.CALLING]: { [E.PROGRESS]: S.RINGING, [E.CONFIRMED]: S.ACTIVE, [E.HANG_UP]: S.ENDED, [E.FAILED]: S.ENDED },
  [S.RINGING]: { [E.PROGRESS]: S.RINGING, [E.CONFIRMED]: S.ACTIVE, [E.HANG_UP]: S.ENDED, [E.FAILED]: S.ENDED },
  [S.INCOMING]: { [E.ANSWER]: S.CONNECTING, [E.HANG_UP]: S.ENDED, [E.FAILED]: S.ENDED },
  [S.CONNECTING]: { [E.CONFIRMED]: S.ACTIVE, [E.HANG_UP]: S.ENDED, [E.FAILED]: S.ENDED, [E.REMOTE_BYE]: S.ENDED },
  [S.ACTIVE]: { [E.HOLD]: S.HELD, [E.HANG_UP]: S.ENDED, [E.REMOTE_BYE]: S.ENDED, [E.FAILED]: S.ENDED },
  [S.HELD]: { [E.UNHOLD]: S.ACTIVE, [E.HANG_UP]: S.ENDED, [E.REMOTE_BYE]: S.ENDED, [E.FAILED]: S.ENDED },
  [S.ENDED]: { [E.RESET]: S.IDLE },
};

/** The next state, or the same state when the event does not apply. */
export function nextState(state, event) {
  return TRANSITIONS[state]?.[event] ?? state;
}

/** Whether a call is in progress, i.e. a new incoming call must get 486 Busy Here. */
export function isBusy(state) {
  return state !== S.IDLE && state !== S.ENDED;
}

/**
 * One call: its state, direction, peer, and the times needed for the history entry.
 * `now` is injected so tests control the clock.
 */
export class CallModel {
  constructor({ direction, peer, callId = null, now = () => Date.now() }) {
    this.direction = direction; // 'in' | 'out'
    this.peer = peer;
    this.callId = callId;
    this.state = S.IDLE;
    this.muted = false;
    this.startedAt = null;
    this.answeredAt = null;
    this.endedAt = null;
    this.endReason = null;
    this._now = now;
  }

  /** Applies an event; returns true when the state changed. */
  apply(event, detail = {}) {
    const before = this.state;
    const after = nextState(before, event);
    if (after === before) return false;
    this.state = after;
    const time = this._now();
    if (before === S.IDLE) this.startedAt = time;
    if (after === S.ACTIVE && this.answeredAt === null) this.answeredAt = time;
    if (after === S.ENDED) {
      this.endedAt = time;
      this.endReason = detail.reason ?? event;
    }
    return true;
  }

  /** Seconds talked so far (0 before the call was answered). */
  talkSeconds(at = this._now()) {
    if (this.answeredAt === null) return 0;
    const end = this.endedAt ?? at;
    return Math.max(0, Math.round((end - this.answeredAt) / 1000));
  }

  /** The call as a history entry: in, out or missed, with its duration. */
  toHistoryEntry() {
    const kind = this.direction === 'out' ? 'out' : this.answeredAt !== null ? 'in' : 'missed';
    return {
      kind,
      peer: this.peer,
      startedAt: this.startedAt ?? this._now(),
      duration: this.talkSeconds(),
      reason: this.endReason,
    };
  }
}

/**
 * The sentence (string key) for why a call failed, from JsSIP's cause names (JsSIP.C.causes),
 * so the person reads "the number is busy" in their language rather than "Busy".
 */
const FAILURE_KEYS = {
  Busy: 'cause.busy',
  Rejected: 'cause.rejected',
  Unavailable: 'cause.unavailable',
  'Request Timeout': 'cause.unavailable',
  'Not Found': 'cause.not-found',
  'Address Incomplete': 'cause.not-found',
  'No Answer': 'cause.no-answer',
  Expires: 'cause.no-answer',
  'Connection Error': 'cause.connection',
  'User Denied Media Access': 'call.no-microphone',
  'Authentication Error': 'cause.auth',
};

export function failureKey(cause) {
  return FAILURE_KEYS[cause] ?? 'cause.other';
}
