import en from './i18n/en.js';
import zh from './i18n/zh.js';

const languages = { en, zh };

function pickLanguage() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in languages) return base;
  }
  return 'en';
}

export const lang = pickLanguage();
const strings = languages[lang];

/** Looks a string up and fills {placeholders}; values are plain text, never markup. */
export function t(key, params = {}) {
  const template = strings[key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/**
 * Fills the static page: data-i18n sets the text, data-i18n-label the accessible name,
 * data-i18n-placeholder the placeholder. Keeping strings out of index.html lets one
 * module per language hold all of them.
 */
export function translatePage(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    if (!el.title && el.dataset.i18nTitle !== 'no') el.title = t(el.dataset.i18nLabel);
  }
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
}
