import { describe, it, expect } from 'vitest';
import en from '../src/i18n/en.js';
import es from '../src/i18n/es.js';
import { pickLanguage, translator } from '../src/i18n/index.js';

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('strings', () => {
  it('has every English key in Spanish and no extra ones', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });
  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en)) expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
  });
});

describe('language choice', () => {
  it('follows the browser when nothing is stored', () => {
    expect(pickLanguage(null, ['es-MX', 'en'])).toBe('es');
    expect(pickLanguage(undefined, ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLanguage(null, ['de'])).toBe('en');
  });
  it('prefers the language chosen in settings', () => {
    expect(pickLanguage('en', ['es-ES'])).toBe('en');
  });
  it('fills placeholders', () => {
    expect(translator('es')('welcome.done', { number: '999 100 12345' })).toBe('Tu número es 999 100 12345');
  });
});
