import { t } from './i18n.js';
import { el, iconButton } from './message-view.js';
import { nameKey } from './store.js';

const ORDER = { online: 0, away: 1, offline: 2 };
// Sorting thousands of names: one collator, not one per comparison as localeCompare makes.
const BY_NAME = new Intl.Collator();

/**
 * Who is here: the /app/users snapshot, kept current by /topic/presence events.
 * People who leave stay listed as offline for this visit, so a conversation can go on.
 * Events: 'whisper' (detail: the person's name) when someone is chosen; 'moderate-person' (detail:
 * the name) from the moderator's button beside each person.
 */
export class People {
  #people = new Map();
  #unread = new Map();
  #moderator = false;
  #items = new Map(); // name key -> its row, kept from one render to the next
  #renderQueued = false;

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
    // On a phone the panel covers the conversation; a tap beside it closes it (a tap in a dialog
    // opened from it, such as a moderator's, is on top of it, not beside it).
    document.addEventListener('pointerdown', (event) => {
      const beside = !panel.contains(event.target) && !toggle.contains(event.target) && !event.target.closest('dialog');
      if (this.isOpen && beside) this.setOpen(false);
    });
    this.list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-name], button[data-moderate]');
      if (!button) return;
      const whisper = 'name' in button.dataset;
      if (whisper) this.setOpen(false);
      panel.dispatchEvent(new CustomEvent(whisper ? 'whisper' : 'moderate-person',
        { detail: button.dataset.name ?? button.dataset.moderate, bubbles: true }));
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

  /** key: the server's key for this person's name. */
  setMe(key) {
    this.me = key;
    this.#render();
  }

  setSnapshot(users) {
    // Keep people seen earlier in this visit; whoever is not in the snapshot is offline now.
    for (const person of this.#people.values()) person.status = 'offline';
    for (const user of users) {
      const key = nameKey(user.username, user.key);
      this.#people.set(key, { username: user.username, key, status: user.status });
    }
    this.#render();
  }

  update({ username, usernameKey, status }) {
    if (!username || !(status in ORDER)) return;
    const key = nameKey(username, usernameKey);
    this.#people.set(key, { username, key, status });
    this.#render();
  }

  /** Moderators get a button beside everyone else to mute, kick or ban them. */
  setModerator(moderator) {
    if (moderator === this.#moderator) return;
    this.#moderator = moderator;
    this.#render();
  }

  /** counts: Map of the sender's name key -> unread private messages. */
  setUnread(counts) {
    this.#unread = counts;
    this.#render();
  }

  /**
   * A big room's comings and goings, or a whole room back after a restart, are thousands of
   * updates in a few seconds: the list is drawn once per frame, not once per update (and not at
   * all while the page is out of sight).
   */
  #render() {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    requestAnimationFrame(() => {
      this.#renderQueued = false;
      this.#renderNow();
    });
  }

  /**
   * Updates the rows in place and moves only those whose place changed: a row replaced under a
   * finger would lose the tap, and a focused one the focus, whenever someone comes or goes.
   */
  #renderNow() {
    const people = [...this.#people.values()].sort((a, b) =>
      ORDER[a.status] - ORDER[b.status] || BY_NAME.compare(a.username, b.username));
    people.forEach((person, index) => {
      const item = this.#item(person);
      const there = this.list.children[index];
      if (there !== item) this.list.insertBefore(item, there ?? null);
    });
    const here = people.filter((p) => p.status !== 'offline').length;
    this.count.textContent = String(here);
    const unread = [...this.#unread.values()].reduce((sum, n) => sum + n, 0);
    this.badge.textContent = String(unread);
    this.badge.hidden = unread === 0;
    this.toggle.setAttribute('aria-label', `${t('people.button')}: ${here}` +
      (unread ? `, ${t('people.unread', { count: unread })}` : ''));
  }

  #item({ username, key, status }) {
    const item = this.#items.get(key) ?? this.#newItem(key);
    const isMe = key === this.me;
    const button = item.querySelector('.person__button');
    button.className = `person__button person--${status}`;
    button.dataset.name = username;
    button.disabled = isMe;
    button.title = isMe ? '' : t('people.whisper', { name: username });
    item.querySelector('.person__name').textContent = username;
    item.querySelector('.person__status').textContent =
      isMe ? `${t(`presence.${status}`)} ${t('people.you')}` : t(`presence.${status}`);
    const unread = this.#unread.get(key) ?? 0;
    const badge = item.querySelector('.badge');
    badge.textContent = String(unread);
    badge.setAttribute('aria-label', t('people.unread', { count: unread }));
    badge.hidden = unread === 0;
    const moderate = item.querySelector('.person__moderate');
    const moderates = this.#moderator && !isMe;
    if (moderates && !moderate) {
      const added = iconButton('person__moderate', t('people.moderate', { name: username }));
      added.dataset.moderate = username;
      item.append(added);
    } else if (!moderates) {
      moderate?.remove();
    }
    return item;
  }

  #newItem(key) {
    const item = el('li', 'person');
    const button = el('button', 'person__button');
    button.type = 'button';
    const dot = el('span', 'person__dot');
    dot.setAttribute('aria-hidden', 'true');
    button.append(dot, el('bdi', 'person__name'), el('span', 'person__status'), el('span', 'badge'));
    item.append(button);
    this.#items.set(key, item);
    return item;
  }
}
