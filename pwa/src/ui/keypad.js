// The 12-key pad, shared by the dial screen and the in-call DTMF keypad.
import { h } from './dom.js';

export const KEYS = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'],
  ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'],
  ['*', ''], ['0', '+'], ['#', ''],
];

export function keypad(onKey, label) {
  return h('div', { class: 'keypad', role: 'group', 'aria-label': label },
    KEYS.map(([key, letters]) => h('button', {
      type: 'button',
      'data-key': key,
      onclick: () => onKey(key),
    }, key, letters ? h('small', { 'aria-hidden': 'true' }, letters) : null)));
}
