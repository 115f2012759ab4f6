// Everything the phone keeps on the device, in one IndexedDB database that both the page and the
// service worker open (the service worker needs the device token to decline a call while the
// app is closed; localStorage is not available to service workers).
//
// Stores:
//   kv        settings and identity: account (number, HA1, realm, token), instanceId, deviceId,
//             language, config copy for the service worker
//   contacts  {id, name, number}
//   history   {id, kind: in|out|missed, peer, startedAt, duration}
//   messages  {id, peer, direction: in|out, text, at, status: sending|sent|received|failed}

export const DB_NAME = 'webphone';
const DB_VERSION = 1;
/** Oldest history entries are dropped past this many, so the database does not grow forever. */
export const HISTORY_LIMIT = 200;

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

/** Opens (and on first use creates) the database. `factory` is indexedDB, or a fake in tests. */
export function openDatabase(factory = globalThis.indexedDB, name = DB_NAME) {
  const request = factory.open(name, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore('kv');
    db.createObjectStore('contacts', { keyPath: 'id', autoIncrement: true });
    db.createObjectStore('history', { keyPath: 'id', autoIncrement: true });
    const messages = db.createObjectStore('messages', { keyPath: 'id', autoIncrement: true });
    messages.createIndex('peer', 'peer');
  };
  return promisify(request).then((db) => new Storage(db));
}

export class Storage {
  constructor(db) {
    this.db = db;
  }

  async get(key) {
    return promisify(this.db.transaction('kv').objectStore('kv').get(key));
  }

  async set(key, value) {
    const tx = this.db.transaction('kv', 'readwrite');
    tx.objectStore('kv').put(value, key);
    return done(tx);
  }

  async remove(key) {
    const tx = this.db.transaction('kv', 'readwrite');
    tx.objectStore('kv').delete(key);
    return done(tx);
  }

  /** A value that must never change once made (the +sip.instance UUID, the push device id). */
  async stableId(key, make = () => crypto.randomUUID()) {
    const existing = await this.get(key);
    if (existing) return existing;
    const created = make();
    await this.set(key, created);
    return created;
  }

  // --- contacts ---

  async contacts() {
    const all = await promisify(this.db.transaction('contacts').objectStore('contacts').getAll());
    return all.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Adds a contact, or replaces it when it has an id. Returns the id. */
  async saveContact({ id, name, number }) {
    const record = { name: String(name).trim(), number: String(number).trim() };
    if (id !== undefined && id !== null) record.id = id;
    const tx = this.db.transaction('contacts', 'readwrite');
    const key = promisify(tx.objectStore('contacts').put(record));
    await done(tx);
    return key;
  }

  async deleteContact(id) {
    const tx = this.db.transaction('contacts', 'readwrite');
    tx.objectStore('contacts').delete(id);
    return done(tx);
  }

  // --- call history ---

  /** Newest first. */
  async history() {
    const all = await promisify(this.db.transaction('history').objectStore('history').getAll());
    return all.sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
  }

  async addHistory(entry, limit = HISTORY_LIMIT) {
    const tx = this.db.transaction('history', 'readwrite');
    const store = tx.objectStore('history');
    store.add({ ...entry });
    const keys = await promisify(store.getAllKeys());
    // Keys grow with insertion, so the first ones are the oldest.
    for (const key of keys.slice(0, Math.max(0, keys.length - limit))) store.delete(key);
    return done(tx);
  }

  async clearHistory() {
    const tx = this.db.transaction('history', 'readwrite');
    tx.objectStore('history').clear();
    return done(tx);
  }

  // --- messages ---

  async addMessage(message) {
    const tx = this.db.transaction('messages', 'readwrite');
    const key = promisify(tx.objectStore('messages').add({ ...message }));
    await done(tx);
    return key;
  }

  async setMessageStatus(id, status) {
    const tx = this.db.transaction('messages', 'readwrite');
    const store = tx.objectStore('messages');
    const message = await promisify(store.get(id));
    if (message) store.put({ ...message, status });
    return done(tx);
  }

  /** One conversation, oldest first. */
  async conversation(peer) {
    const index = this.db.transaction('messages').objectStore('messages').index('peer');
    const all = await promisify(index.getAll(peer));
    return all.sort((a, b) => a.at - b.at || a.id - b.id);
  }

  /** The last message of each conversation, newest conversation first. */
  async conversations() {
    const all = await promisify(this.db.transaction('messages').objectStore('messages').getAll());
    const last = new Map();
    for (const message of all) {
      const seen = last.get(message.peer);
      if (!seen || message.at >= seen.at) last.set(message.peer, message);
    }
    return [...last.values()].sort((a, b) => b.at - a.at);
  }
}
