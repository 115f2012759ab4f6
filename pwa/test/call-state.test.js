import { describe, it, expect } from 'vitest';
import { CallModel, CallEvent, CallState, nextState, isBusy } from '../src/lib/call-state.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (seconds) => { now += seconds * 1000; } };
}

describe('call state machine', () => {
  it('goes calling -> ringing -> active -> held -> active -> ended for an answered outgoing call', () => {
    const steps = [CallEvent.DIAL, CallEvent.PROGRESS, CallEvent.CONFIRMED, CallEvent.HOLD, CallEvent.UNHOLD, CallEvent.HANG_UP];
    const states = [];
    let state = CallState.IDLE;
    for (const event of steps) states.push((state = nextState(state, event)));
    expect(states).toEqual(['calling', 'ringing', 'active', 'held', 'active', 'ended']);
  });

  it('ignores events that do not apply, so a late JsSIP event cannot revive an ended call', () => {
    expect(nextState(CallState.ENDED, CallEvent.CONFIRMED)).toBe(CallState.ENDED);
    expect(nextState(CallState.IDLE, CallEvent.HOLD)).toBe(CallState.IDLE);
    expect(nextState(CallState.INCOMING, CallEvent.HOLD)).toBe(CallState.INCOMING);
  });

  it('counts as busy from dialling or ringing until the call ends', () => {
    expect(isBusy(CallState.IDLE)).toBe(false);
    expect(isBusy(CallState.INCOMING)).toBe(true);
    expect(isBusy(CallState.ACTIVE)).toBe(true);
    expect(isBusy(CallState.ENDED)).toBe(false);
  });
});

describe('CallModel', () => {
  it('measures talk time from the answer, not from the dialling', () => {
    const c = clock();
    const call = new CallModel({ direction: 'out', peer: '99910012345', now: c.now });
    call.apply(CallEvent.DIAL);
    c.advance(10);
    call.apply(CallEvent.CONFIRMED);
    c.advance(42);
    call.apply(CallEvent.HANG_UP);
    expect(call.talkSeconds()).toBe(42);
    expect(call.toHistoryEntry()).toMatchObject({ kind: 'out', peer: '99910012345', duration: 42 });
  });

  it('records an unanswered incoming call as missed with no duration', () => {
    const c = clock();
    const call = new CallModel({ direction: 'in', peer: '123', callId: 'abc@host', now: c.now });
    call.apply(CallEvent.INVITE_RECEIVED);
    c.advance(20);
    call.apply(CallEvent.FAILED, { reason: 'Canceled' });
    expect(call.toHistoryEntry()).toMatchObject({ kind: 'missed', duration: 0, reason: 'Canceled' });
  });

  it('records an answered incoming call as in', () => {
    const c = clock();
    const call = new CallModel({ direction: 'in', peer: '123', now: c.now });
    call.apply(CallEvent.INVITE_RECEIVED);
    call.apply(CallEvent.ANSWER);
    call.apply(CallEvent.CONFIRMED);
    c.advance(5);
    call.apply(CallEvent.REMOTE_BYE);
    expect(call.toHistoryEntry()).toMatchObject({ kind: 'in', duration: 5 });
  });

  it('reports whether an event changed the state', () => {
    const call = new CallModel({ direction: 'out', peer: '1' });
    expect(call.apply(CallEvent.HOLD)).toBe(false);
    expect(call.apply(CallEvent.DIAL)).toBe(true);
  });
});

describe('failureKey', () => {
  it('turns JsSIP causes into sentences the person can read', async () => {
    const { failureKey } = await import('../src/lib/call-state.js');
    expect(failureKey('Busy')).toBe('cause.busy');
    expect(failureKey('User Denied Media Access')).toBe('call.no-microphone');
    expect(failureKey('Something New')).toBe('cause.other');
  });
});
