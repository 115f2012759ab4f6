import { describe, it, expect, beforeEach } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { openDatabase } from '../src/lib/storage.js';

let storage;
beforeEach(async () => {
  storage = await openDatabase(new IDBFactory());
});

describe('device storage', () => {
  it('keeps settings and forgets removed ones', async () => {
    await storage.set('language', 'es');
    expect(await storage.get('language')).toBe('es');
    await storage.remove('language');
    expect(await storage.get('language')).toBeUndefined();
  });

  it('makes a stable id once and returns the same one ever after (the +sip.instance)', async () => {
    const first = await storage.stableId('instanceId');
    const second = await storage.stableId('instanceId', () => 'another');
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
  });

  it('adds, edits, lists by name and deletes contacts', async () => {
    const zed = await storage.saveContact({ name: 'Zed', number: '1' });
    await storage.saveContact({ name: ' Ana ', number: '2' });
    await storage.saveContact({ id: zed, name: 'Zoe', number: '3' });
    expect((await storage.contacts()).map((c) => [c.name, c.number])).toEqual([['Ana', '2'], ['Zoe', '3']]);
    await storage.deleteContact(zed);
    expect((await storage.contacts()).map((c) => c.name)).toEqual(['Ana']);
  });

  it('lists history newest first and keeps only the newest entries past the limit', async () => {
    for (let i = 1; i <= 5; i++) await storage.addHistory({ kind: 'out', peer: String(i), startedAt: i, duration: 0 }, 3);
    expect((await storage.history()).map((e) => e.peer)).toEqual(['5', '4', '3']);
  });

  it('groups messages into conversations and tracks their delivery state', async () => {
    const id = await storage.addMessage({ peer: '111', direction: 'out', text: 'hola', at: 1, status: 'sending' });
    await storage.addMessage({ peer: '222', direction: 'in', text: 'hi', at: 2, status: 'received' });
    await storage.addMessage({ peer: '111', direction: 'in', text: 'qué tal', at: 3, status: 'received' });
    await storage.setMessageStatus(id, 'failed');
    expect((await storage.conversation('111')).map((m) => [m.text, m.status])).toEqual([['hola', 'failed'], ['qué tal', 'received']]);
    expect((await storage.conversations()).map((m) => m.peer)).toEqual(['111', '222']);
  });
});
