import { t } from './i18n.js';
import { el } from './message-view.js';
import { fold } from './store.js';

const ORDER = { online: 0, away: 1, offline: 2 };

/**
 * Who is here: the /app/users snapshot, kept current by /topic/presence events.
 * People who leave stay listed as offline for this visit, so a conversation can go on.
 * Event: 'whisper' (detail: the person's name) when someone is chosen.
 */
export class People {
  #people = new Map();
  #unread = new Map();

  constructor(panel, toggle) {
    this.panel = panel;
    this.toggle = toggle;
    this.list = panel.querySelector('.people__list');
    this.count = toggle.querySelector('.people-toggle__count');
    this.badge = toggle.querySelector('.people-toggle__unread');
    toggle.addEventListener('click', () => this.setOpen(!this.isOpen));
    panel.querySelector('.people__close').addEventListener('click', () => this.setOpen(false, true));
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) this.setOpen(false, true);
    });
    // On a phone the panel covers the conversation; a tap beside it closes it.
    document.addEventListener('pointerdown', (event) => {
      if (this.isOpen && !panel.contains(event.target) && !toggle.contains(event.target)) this.setOpen(false);
    });
    this.list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-name]');
      if (!button) return;
      this.setOpen(false);
      panel.dispatchEvent(new CustomEvent('whisper', { detail: button.dataset.name, bubbles: true }));
    });
  }

  get isOpen() {
    return this.panel.classList.contains('people--open');
  }

  setOpen(open, returnFocus = false) {
    this.panel.classList.toggle('people--open', open);
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) this.panel.querySelector('.people__close').focus();
    else if (returnFocus) this.toggle.focus();
  }

  setMe(name) {
    this.me = fold(name);
    this.#render();
  }

  setSnapshot(users) {
    // Keep people seen earlier in this visit; whoever is not in the snapshot is offline now.
    for (const person of this.#people.values()) person.status = 'offline';
    for (const user of users) this.#people.set(fold(user.username), { username: user.username, status: user.status });
    this.#render();
  }

  update({ username, status }) {
    if (!username || !(status in ORDER)) return;
    this.#people.set(fold(username), { username, status });
    this.#render();
  }

  /** counts: Map of folded sender name -> unread private messages. */
  setUnread(counts) {
    this.#unread = counts;
    this.#render();
  }

  #render() {
    const people = [...this.#people.values()].sort((a, b) =>
      ORDER[a.status] - ORDER[b.status] || a.username.localeCompare(b.username));
    this.list.replaceChildren(...people.map((person) => this.#item(person)));
    const here = people.filter((p) => p.status !== 'offline').length;
    this.count.textContent = String(here);
    const unread = [...this.#unread.values()].reduce((sum, n) => sum + n, 0);
    this.badge.textContent = String(unread);
    this.badge.hidden = unread === 0;
    this.toggle.setAttribute('aria-label', `${t('people.button')}: ${here}` +
      (unread ? `, ${t('people.unread', { count: unread })}` : ''));
  }

  #item({ username, status }) {
    const isMe = fold(username) === this.me;
    const item = el('li', 'person');
    const button = el('button', `person__button person--${status}`);
    button.type = 'button';
    button.dataset.name = username;
    button.disabled = isMe;
    if (!isMe) button.title = t('people.whisper', { name: username });
    const dot = el('span', 'person__dot');
    dot.setAttribute('aria-hidden', 'true');
    const name = el('bdi', 'person__name', username);
    const state = el('span', 'person__status', isMe ? `${t(`presence.${status}`)} ${t('people.you')}` : t(`presence.${status}`));
    button.append(dot, name, state);
    const unread = this.#unread.get(fold(username)) ?? 0;
    if (unread) {
      const badge = el('span', 'badge', String(unread));
      badge.setAttribute('aria-label', t('people.unread', { count: unread }));
      button.append(badge);
    }
    item.append(button);
    return item;
  }
}
