// The full-screen call views: ringing (incoming) and the call in progress.
import { h } from './dom.js';
import { keypad } from './keypad.js';
import { CallState } from '../lib/call-state.js';
import { formatDuration } from '../lib/phone-number.js';

const TITLE = {
  [CallState.CALLING]: 'call.calling',
  [CallState.RINGING]: 'call.ringing',
  [CallState.CONNECTING]: 'call.connecting',
  [CallState.ACTIVE]: 'call.active',
  [CallState.HELD]: 'call.held',
  [CallState.ENDED]: 'call.ended',
};

export function incomingView(app, call) {
  const { t } = app;
  const peer = app.nameOf(call.model.peer);
  return h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'call-title', class: 'call-view' },
    h('h2', { id: 'call-title' }, t('incoming.title')),
    h('p', { class: 'peer' }, t('incoming.from', { peer })),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'answer', onclick: () => app.answer() }, t('incoming.answer')),
      h('button', { type: 'button', class: 'danger', id: 'decline', onclick: () => app.decline() }, t('incoming.decline'))));
}

export function callView(app, call) {
  const { t } = app;
  const state = call.model.state;
  const live = state === CallState.ACTIVE || state === CallState.HELD;
  const outputs = call.outputs ?? [];
  return h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'call-title', class: 'call-view' },
    h('h2', { id: 'call-title' }, t(TITLE[state] ?? 'call.calling')),
    h('p', { class: 'peer' }, app.nameOf(call.model.peer)),
    h('p', { class: 'timer', id: 'call-timer', role: 'timer', 'aria-label': t('call.timer') }, formatDuration(call.model.talkSeconds())),
    call.error ? h('p', { role: 'alert' }, call.error) : null,
    state === CallState.ENDED ? null : h('div', { class: 'controls' },
      h('button', { type: 'button', id: 'mute', 'aria-pressed': String(call.model.muted), disabled: !live, onclick: () => app.toggleMute() },
        call.model.muted ? t('call.unmute') : t('call.mute')),
      h('button', { type: 'button', id: 'hold', 'aria-pressed': String(state === CallState.HELD), disabled: !live, onclick: () => app.toggleHold() },
        state === CallState.HELD ? t('call.resume') : t('call.hold')),
      h('button', { type: 'button', id: 'keypad-toggle', 'aria-expanded': String(call.keypadOpen), disabled: !live, onclick: () => app.toggleKeypad() },
        call.keypadOpen ? t('call.hide-keypad') : t('call.keypad'))),
    call.keypadOpen && live ? keypad((key) => app.sendDtmf(key), t('call.keypad')) : null,
    outputs.length > 1 && state !== CallState.ENDED ? h('div', {},
      h('label', { for: 'audio-output' }, t('call.speaker')),
      h('select', { id: 'audio-output', onchange: (event) => app.setOutput(event.target.value) },
        outputs.map((device, i) => h('option', { value: device.deviceId, selected: device.deviceId === call.output },
          device.label || (i === 0 ? t('call.default-output') : `${t('call.speaker')} ${i + 1}`))))) : null,
    state === CallState.ENDED ? null
      : h('button', { type: 'button', class: 'danger', id: 'hang-up', onclick: () => app.hangUp() }, t('call.hang-up')));
}
