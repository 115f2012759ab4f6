// The screens under the tab bar. Each takes the app (state + actions) and returns its element;
// the app re-renders the current screen when its data changes.
import { h, icon } from './dom.js';
import { keypad } from './keypad.js';
import { formatNumber, normalizeDialString, formatDuration } from '../lib/phone-number.js';

function heading(text) {
  return h('h2', { id: 'screen-title' }, text);
}

// --- First run ---------------------------------------------------------------------------------

export function welcomeScreen(app) {
  const { t } = app;
  const step = app.firstRun;
  return h('section', { 'aria-labelledby': 'screen-title' },
    heading(t('welcome.title')),
    h('p', {}, t('welcome.text')),
    h('p', { class: 'muted' }, t('welcome.notify-hint')),
    step.error ? h('p', { class: 'error', role: 'alert' }, t('welcome.refused', { reason: step.error })) : null,
    step.retry ? h('p', { role: 'status' }, t('welcome.retrying', step.retry)) : null,
    step.working && !step.retry ? h('p', { role: 'status' }, t('welcome.working')) : null,
    h('button', { type: 'button', class: 'primary', id: 'get-number', disabled: step.working, onclick: () => app.getNumber() },
      step.error ? t('welcome.try-again') : t('welcome.start')));
}

// --- Dial pad ----------------------------------------------------------------------------------

export function dialScreen(app) {
  const { t } = app;
  const input = h('input', {
    type: 'tel', id: 'dial-input', class: 'dial-input', inputmode: 'tel', autocomplete: 'off',
    value: formatNumber(app.draft, app.numberGroups),
    oninput: (event) => {
      app.draft = normalizeDialString(event.target.value);
      event.target.value = formatNumber(app.draft, app.numberGroups);
    },
    onkeydown: (event) => {
      if (event.key === 'Enter') app.startCall(app.draft);
    },
  });
  const press = (key) => {
    app.draft = normalizeDialString(app.draft + key);
    input.value = formatNumber(app.draft, app.numberGroups);
  };
  return h('section', { 'aria-labelledby': 'screen-title' },
    heading(t('dial.title')),
    h('label', { for: 'dial-input' }, t('dial.input')),
    input,
    keypad(press, t('dial.title')),
    h('div', { class: 'dial-actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => { app.draft = app.draft.slice(0, -1); input.value = formatNumber(app.draft, app.numberGroups); } }, icon('backspace'), ' ', t('dial.delete')),
      h('button', { type: 'button', class: 'primary', id: 'call-button', onclick: () => app.startCall(app.draft) }, icon('phone'), ' ', t('dial.call')),
      h('button', { type: 'button', class: 'secondary', onclick: () => app.go(`#/messages/${encodeURIComponent(app.draft)}`), disabled: !app.draft }, t('dial.message'))));
}

// --- Contacts ----------------------------------------------------------------------------------

export function contactsScreen(app, data) {
  const { t } = app;
  if (data.editing) return contactForm(app, data.editing);
  const list = data.contacts.length === 0
    ? h('p', { class: 'muted' }, t('contacts.empty'))
    : h('ul', { class: 'list' }, data.contacts.map((contact) => h('li', {},
      h('button', { type: 'button', class: 'link grow', title: t('contacts.call', { name: contact.name }), 'data-call': contact.number, onclick: () => app.startCall(contact.number) },
        contact.name, h('span', { class: 'sub' }, formatNumber(contact.number, app.numberGroups))),
      h('button', { type: 'button', class: 'secondary', 'aria-label': t('contacts.edit', { name: contact.name }), onclick: () => app.go(`#/contacts/${contact.id}`) }, icon('edit')),
      h('button', { type: 'button', class: 'secondary', 'aria-label': t('contacts.delete', { name: contact.name }), onclick: () => app.deleteContact(contact) }, icon('delete')))));
  return h('section', { 'aria-labelledby': 'screen-title' },
    heading(t('contacts.title')),
    h('p', {}, h('button', { type: 'button', class: 'primary', onclick: () => app.go('#/contacts/new') }, t('contacts.add'))),
    list);
}

function contactForm(app, contact) {
  const { t } = app;
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      const name = form.elements.name.value.trim();
      const number = normalizeDialString(form.elements.number.value);
      if (!name || !number) {
        error.textContent = t('contacts.invalid');
        return;
      }
      await app.saveContact({ id: contact.id, name, number });
    },
  },
  h('label', { for: 'contact-name' }, t('contacts.name')),
  h('input', { type: 'text', id: 'contact-name', name: 'name', value: contact.name ?? '', autocomplete: 'name', required: true }),
  h('label', { for: 'contact-number' }, t('contacts.number')),
  h('input', { type: 'tel', id: 'contact-number', name: 'number', value: contact.number ? formatNumber(contact.number, app.numberGroups) : '', inputmode: 'tel', required: true }),
  error,
  h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'primary' }, t('contacts.save')),
    h('button', { type: 'button', class: 'secondary', onclick: () => app.go('#/contacts') }, t('contacts.cancel'))));
  return h('section', { 'aria-labelledby': 'screen-title' },
    heading(contact.id ? t('contacts.editing') : t('contacts.new')), form);
}

// --- History -----------------------------------------------------------------------------------

export function historyScreen(app, data) {
  const { t } = app;
  const when = new Intl.DateTimeFormat(app.language, { dateStyle: 'short', timeStyle: 'short' });
  const icons = { in: '↙', out: '↗', missed: '✕' };
  const list = data.history.length === 0
    ? h('p', { class: 'muted' }, t('history.empty'))
    : h('ul', { class: 'list' }, data.history.map((entry) => {
      const peer = app.nameOf(entry.peer);
      return h('li', { class: `history-${entry.kind}` },
        h('span', { 'aria-hidden': 'true', class: entry.kind === 'missed' ? 'error' : '' }, icons[entry.kind]),
        h('span', { class: 'grow' }, peer,
          h('span', { class: 'sub' }, `${t(`history.${entry.kind}`)} · ${when.format(new Date(entry.startedAt))}${entry.kind === 'missed' ? '' : ` · ${formatDuration(entry.duration)}`}`)),
        h('button', { type: 'button', class: 'secondary', 'aria-label': t('history.call-back', { peer }), onclick: () => app.startCall(entry.peer) }, icon('phone')));
    }));
  return h('section', { 'aria-labelledby': 'screen-title' },
    heading(t('history.title')), list,
    data.history.length ? h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => app.clearHistory() }, t('history.clear'))) : null);
}

// --- Messages ----------------------------------------------------------------------------------

export function messagesScreen(app, data) {
  const { t } = app;
  if (data.peer !== undefined) return conversationScreen(app, data);
  const list = data.conversations.length === 0
    ? h('p', { class: 'muted' }, t('messages.empty'))
    : h('ul', { class: 'list' }, data.conversations.map((last) => {
      const peer = app.nameOf(last.peer);
      return h('li', {},
        h('a', { class: 'grow', href: `#/messages/${encodeURIComponent(last.peer)}` },
          peer, h('span', { class: 'sub' }, last.text)));
    }));
  return h('section', { 'aria-labelledby': 'screen-title' },
    heading(t('messages.title')),
    h('p', {}, h('button', { type: 'button', class: 'primary', onclick: () => app.go('#/messages/') }, t('messages.new'))),
    list);
}

function conversationScreen(app, data) {
  const { t } = app;
  const peer = data.peer;
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      const to = peer || normalizeDialString(form.elements.to.value);
      const text = form.elements.text.value.trim();
      if (!to || !text) return;
      await app.sendMessage(to, text);
      if (!peer) app.go(`#/messages/${encodeURIComponent(to)}`);
    },
  },
  peer ? null : [h('label', { for: 'message-to' }, t('messages.to')),
    h('input', { type: 'tel', id: 'message-to', name: 'to', inputmode: 'tel', required: true })],
  h('label', { for: 'message-text' }, t('messages.text')),
  h('textarea', { id: 'message-text', name: 'text', rows: 2, required: true }),
  h('p', {}, h('button', { type: 'submit', class: 'primary' }, t('messages.send'))));
  return h('section', { 'aria-labelledby': 'screen-title' },
    h('p', {}, h('a', { href: '#/messages' }, '← ', t('messages.back'))),
    heading(peer ? app.nameOf(peer) : t('messages.new')),
    peer ? h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => app.startCall(peer) }, t('messages.call', { peer: app.nameOf(peer) }))) : null,
    h('ul', { class: 'bubbles', 'aria-live': 'polite' }, (data.messages ?? []).map((message) => h('li', { class: `${message.direction} ${message.status}` },
      message.text, h('span', { class: 'state' }, t(`messages.${message.status}`))))),
    form);
}

// --- Settings ----------------------------------------------------------------------------------

export function settingsScreen(app, data) {
  const { t } = app;
  const number = app.account ? formatNumber(app.account.number, app.numberGroups) : '—';
  const permission = (name, state, fixKey, allow) => [
    h('dt', {}, t(name)),
    h('dd', { 'data-permission': name },
      t(`settings.${state}`),
      state === 'prompt' ? [' ', h('button', { type: 'button', class: 'link', onclick: allow }, t('settings.allow'))] : null,
      state === 'denied' ? h('p', { class: 'muted' }, t(fixKey)) : null)];
  const copied = h('span', { role: 'status' });
  return h('section', { 'aria-labelledby': 'screen-title' },
    heading(t('settings.title')),
    h('div', { class: 'card' },
      h('h3', {}, t('settings.my-number')),
      h('p', { class: 'big-number', id: 'my-number' }, number),
      h('p', { class: 'muted' }, t('settings.share-hint')),
      h('div', { class: 'row' },
        'share' in navigator ? h('button', { type: 'button', class: 'primary', onclick: () => app.shareNumber() }, t('settings.share')) : null,
        h('button', { type: 'button', class: 'secondary', onclick: async () => { await app.copyNumber(); copied.textContent = t('settings.copied'); } }, t('settings.copy')),
        copied)),
    h('div', { class: 'card' },
      h('h3', {}, t('settings.permissions')),
      h('dl', { class: 'perm' },
        permission('settings.notifications', data.notifications, 'settings.fix-notifications', () => app.askNotifications()),
        permission('settings.microphone', data.microphone, 'settings.fix-microphone', () => app.askMicrophone()),
        h('dt', {}, t('settings.push')),
        h('dd', { id: 'push-state' }, app.pushState.ok ? t('settings.push-ok')
          : app.pushState.error ? t('settings.push-failed', { reason: app.pushState.error }) : t('settings.push-off')))),
    h('div', { class: 'card' },
      h('label', { for: 'language' }, t('settings.language')),
      h('select', { id: 'language', onchange: (event) => app.setLanguage(event.target.value) },
        ['en', 'es'].map((code) => h('option', { value: code, selected: code === app.language, lang: code }, t(`lang.${code}`)))),
      h('p', {}, `${t('settings.version')}: `, h('span', { id: 'version' }, app.version))));
}
