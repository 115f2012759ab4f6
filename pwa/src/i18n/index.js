// Language choice and lookup. The language is the one stored in settings, else the first of the
// browser's languages we have, else English.
import en from './en.js';
import es from './es.js';

export const LANGUAGES = { en, es };
export const DEFAULT_LANGUAGE = 'en';

export function pickLanguage(stored, browserLanguages = []) {
  if (stored && LANGUAGES[stored]) return stored;
  for (const tag of browserLanguages) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES[base]) return base;
  }
  return DEFAULT_LANGUAGE;
}

/** A lookup function for one language: t('welcome.done', {number}) fills {placeholders}. */
export function translator(language) {
  const strings = LANGUAGES[language] ?? LANGUAGES[DEFAULT_LANGUAGE];
  return (key, params = {}) => {
    const template = strings[key] ?? en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  };
}
