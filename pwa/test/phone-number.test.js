import { describe, it, expect } from 'vitest';
import { normalizeDialString, formatNumber, userOf, toSipUri, sameNumber, formatDuration } from '../src/lib/phone-number.js';

describe('normalizeDialString', () => {
  it('keeps digits, star, hash and a leading plus only', () => {
    expect(normalizeDialString('+52 (999) 100-123')).toBe('+52999100123');
    expect(normalizeDialString('*99#')).toBe('*99#');
  });
  it('drops a plus that is not in front', () => {
    expect(normalizeDialString('12+34')).toBe('1234');
  });
  it('treats nothing as an empty number', () => {
    expect(normalizeDialString(undefined)).toBe('');
  });
});

describe('formatNumber', () => {
  it('writes an allocated 11-digit number as prefix groups 999 100 12345', () => {
    expect(formatNumber('99910012345')).toBe('999 100 12345');
  });
  it('groups a partly typed number in threes from the left', () => {
    expect(formatNumber('9991')).toBe('999 1');
    expect(formatNumber('999100')).toBe('999 100');
  });
  it('follows the community groups given by the deployment', () => {
    expect(formatNumber('5512345678', [2, 4, 4])).toBe('55 1234 5678');
  });
  it('keeps a leading plus and leaves service codes as typed', () => {
    expect(formatNumber('+99910012345')).toBe('+999 100 12345');
    expect(formatNumber('*123#')).toBe('*123#');
  });
  it('is stable when applied to its own output', () => {
    expect(formatNumber(formatNumber('99910012345'))).toBe('999 100 12345');
  });
});

describe('SIP URIs', () => {
  it('takes the user part out of a SIP URI or name-addr', () => {
    expect(userOf('sip:99910012345@example.org')).toBe('99910012345');
    expect(userOf('<sip:123@host;transport=ws>')).toBe('123');
    expect(userOf('555')).toBe('555');
  });
  it('puts a dialled number into our domain unless it names one', () => {
    expect(toSipUri('999 100 12345', 'example.org')).toBe('sip:99910012345@example.org');
    expect(toSipUri('alice@other.org', 'example.org')).toBe('sip:alice@other.org');
    expect(toSipUri('sip:bob@x.org', 'example.org')).toBe('sip:bob@x.org');
  });
  it('sees the same number however it is written', () => {
    expect(sameNumber('999 100 12345', 'sip:99910012345@d')).toBe(true);
    expect(sameNumber('999', '998')).toBe(false);
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds, and hours past an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
