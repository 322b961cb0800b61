import { renderAttachment } from './file-view.js';
import { lang, t } from './i18n.js';
import { fold, nameKey } from './store.js';

// Builds the DOM for one chat item. Every piece of user text goes through textContent
// (via el()), so a message such as <img src=x onerror=...> can only ever be text.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}>»”’。，、！？）]+$/u;

const timeFormat = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(lang, { weekday: 'long', month: 'long', day: 'numeric' });

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** A button that shows only an icon (a CSS mask, class `${className}-icon`); the label names it. */
export function iconButton(className, label) {
  const button = el('button', `icon-button ${className}`);
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.title = label;
  const icon = el('span', `icon ${className}-icon`);
  icon.setAttribute('aria-hidden', 'true');
  button.append(icon);
  return button;
}

/** Local calendar day of a timestamp, used to place day separators. */
export function dayKey(timestamp) {
  const d = new Date(timestamp);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function dayLabel(timestamp) {
  const key = dayKey(timestamp);
  const now = new Date();
  if (key === dayKey(now)) return t('messages.today');
  if (key === dayKey(now.setDate(now.getDate() - 1))) return t('messages.yesterday');
  return dayFormat.format(new Date(timestamp));
}

function timeElement(timestamp) {
  const time = el('time', 'msg__time', timeFormat.format(new Date(timestamp)));
  time.dateTime = timestamp;
  return time;
}

function nameElement(name) {
  // <bdi> keeps a right-to-left name from reordering the text around it.
  return el('bdi', 'msg__name', name);
}

/** Appends text to parent, turning http(s) URLs into links that open safely elsewhere. */
export function appendLinkified(parent, text) {
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const href = safeHref(url);
    if (!href) continue;
    parent.append(text.slice(last, match.index));
    const link = el('a', 'msg__link', url);
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    parent.append(link);
    last = match.index + url.length;
  }
  parent.append(text.slice(last));
}

function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function mentions(content, name) {
  if (!name) return false;
  const escaped = fold(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escaped}(?![\\p{L}\\p{M}\\p{N}_])`, 'u').test(fold(content));
}

/**
 * A message or private_message (they carry an id and are part of history). me: { name, key }, the
 * key being the server's for this person's name.
 */
export function renderMessage(message, me) {
  const own = nameKey(message.username, message.usernameKey) === me.key;
  const isPrivate = message.type === 'private_message';
  const item = el('li', 'msg');
  item.classList.toggle('msg--own', own);
  item.classList.toggle('msg--private', isPrivate);
  item.classList.toggle('msg--action', Boolean(message.action));
  item.classList.toggle('msg--mention', !own && mentions(message.content ?? '', me.name));
  item.dataset.id = message.id;

  const bubble = el('div', 'msg__bubble');
  const meta = el('p', 'msg__meta');
  if (!message.action) meta.append(nameElement(own ? t('messages.you') : message.username));
  if (isPrivate) {
    const tag = own ? t('messages.privateTo', { name: message.recipient }) : t('messages.privateFrom');
    meta.append(el('span', 'msg__tag', tag));
  }
  meta.append(timeElement(message.timestamp));

  const text = el('p', 'msg__text');
  text.dir = 'auto';
  if (message.action) text.append(nameElement(message.username), ' ');
  appendLinkified(text, message.content ?? '');

  bubble.append(meta, text);
  if (message.file) {
    bubble.append(renderAttachment(message.file));
    text.hidden = !message.content;
  }
  item.append(bubble);
  return item;
}

/** 'joined' or 'left' for the server's join and leave notifications; null for any other note. */
export function comingOrGoing(message) {
  if (message.type !== 'notification' || !message.username) return null;
  if (message.content === `${message.username} has joined the chat!`) return 'joined';
  if (message.content === `${message.username} has left the chat.`) return 'left';
  return null;
}

/** A run of joins and leaves as one line: "Ann, Bo, Cy and 4 more joined · Dee left". */
export function describeRun({ joined, left }) {
  const parts = [];
  if (joined.size) parts.push(t('notes.joined', { names: someNames(joined) }));
  if (left.size) parts.push(t('notes.left', { names: someNames(left) }));
  return parts.join(' · ');
}

const NAMES_SHOWN = 3;

function someNames(names) {
  // only the first few are copied: a storm adds thousands to one line
  const shown = [];
  for (const name of names) {
    if (shown.length === NAMES_SHOWN) break;
    shown.push(name);
  }
  const text = shown.join(', ');
  return names.size > NAMES_SHOWN ? t('notes.others', { names: text, count: names.size - NAMES_SHOWN }) : text;
}

/** notification (joins, leaves) and system replies: live only, without an id. */
export function renderNote(message) {
  const item = el('li', `note note--${message.type}`);
  const text = el('span', 'note__text');
  text.dir = 'auto';
  appendLinkified(text, message.content ?? '');
  item.append(text, ' ', timeElement(message.timestamp ?? new Date().toISOString()));
  return item;
}

export function renderDay(timestamp) {
  const item = el('li', 'day');
  item.append(el('span', 'day__label', dayLabel(timestamp)));
  return item;
}
