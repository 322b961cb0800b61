import * as history from './history.js';
import { t } from './i18n.js';
import { mentions } from './message-view.js';
import { Outbox } from './outbox.js';
import { fold, lastRead, nameKey } from './store.js';

/**
 * One person's view of the room: keeps the conversation complete across reconnects,
 * sends what they type, and keeps count of what they have not read yet.
 *
 * Completeness rests on one number, #complete: every stored message with an id up to it
 * is on screen. It only moves over contiguous ground (a history page, or live messages
 * once a sync has finished), so a drop in the middle of a catch-up leaves no gap.
 */
export class Room extends EventTarget {
  #complete = null;
  #live = false;
  #loaded = false;
  #sync = 0;
  #unread = new Map(); // id -> the sender's name key, or null for a public message

  constructor(credentials, { connection, list, people, notifier }) {
    super();
    this.credentials = credentials;
    this.me = credentials.username;
    this.meKey = fold(this.me); // until the server says its key
    this.connection = connection;
    this.list = list;
    this.people = people;
    this.notifier = notifier;
    this.limits = { contentLength: 2000, ratePerSecond: 10, burst: 20 };
    this.lastReadId = lastRead.get(this.me);
    this.newSince = this.lastReadId; // fixed for this visit: the divider does not move
    this.outbox = new Outbox(this.me);
    list.reset({ name: this.me, key: this.meKey });
    people.setMe(this.meKey);
  }

  /** What was queued stays stored: coming back under the same name sends it after all. */
  dispose() {
    this.outbox.stop();
    this.notifier.cancelSettled();
  }

  /** A new STOMP session is up (live destinations already subscribed): catch up, then send. */
  async connected() {
    const sync = ++this.#sync;
    this.#live = false;
    this.outbox.online = false;
    try {
      // asked together: one round trip instead of three on a slow network; each answer comes on
      // its own subscription, in whatever order the server writes them
      const session = this.connection.request('/app/session');
      const users = this.connection.request('/app/users');
      const latest = this.#loaded ? null : history.latest(this.connection);
      for (const reply of [users, latest]) reply?.catch(() => {}); // awaited below, unless an earlier one failed
      this.#applySession(await session);
      this.people.setSnapshot(await users);
      if (this.#loaded) await this.#catchUp();
      else await this.#loadLatest(await latest);
      if (sync !== this.#sync) return;
      this.#complete = Math.max(this.#complete ?? 0, this.list.newestId ?? 0);
      this.#live = true;
      this.outbox.requeueUnacknowledged();
      this.outbox.online = true;
      this.flush();
      if (document.hidden) this.connection.setPresence('away');
    } catch {
      // the connection dropped half-way; the next session starts this over
    }
  }

  disconnected() {
    this.#sync++;
    this.#live = false;
    this.outbox.online = false;
  }

  /** A frame from a live destination. */
  receive({ source, body }) {
    if (source === '/topic/presence') {
      this.people.update(body);
    } else if (body.type === 'system' && this.outbox.refused(body)) {
      // shown with the pending entry it refused; a rate-limited one goes again shortly
      if (body.code === 'rate-limited') setTimeout(() => this.flush(), 1000);
    } else if (body.type === 'notification' || body.type === 'system') {
      if (this.list.addNote(body)) {
        this.notifier.announce(body.content ?? '');
      } else {
        // a join or leave that joined the line before: the line is read out as it ends up
        this.notifier.announceSettled(this.list.runText);
      }
      // /op and /deop answer here, and only /app/session says whether this person moderates now
      if (body.type === 'system') this.#refreshSession();
    } else if (Number.isFinite(body.id)) {
      this.#show([body], { live: true });
      if (this.#live) this.#complete = Math.max(this.#complete ?? 0, body.id);
    }
  }

  send(text) {
    this.outbox.add(text, this.#complete);
    this.list.scrollToBottom();
    this.flush();
  }

  /** A stored upload, sent as a message through the outbox: until its echo comes, it is not sent. */
  sendFile(file) {
    this.outbox.addFile(file, this.#complete);
    this.list.scrollToBottom();
    this.flush();
  }

  /** A command from a button (moderation): sent as if typed, without moving the conversation. */
  command(text) {
    this.outbox.add(text, this.#complete);
    this.flush();
  }

  flush() {
    if (!this.outbox.online || !this.connection.connected) return;
    this.outbox.flush((body) => this.connection.send(body), { ...this.limits, newestKnownId: this.#complete });
  }

  async loadOlder() {
    if (this.list.olderState !== 'idle' || !this.connection.connected) return;
    this.list.setOlderState('loading');
    try {
      const page = await history.older(this.connection, this.list.oldestId);
      this.#show(page, { live: false });
      this.list.setOlderState(page.length < history.PAGE ? 'done' : 'idle');
    } catch {
      this.list.setOlderState('idle');
    }
  }

  /** Only once the first page is placed: until then "at the bottom" says nothing about reading. */
  markRead(id) {
    if (!this.#loaded || id == null || id <= (this.lastReadId ?? -1)) return;
    this.lastReadId = id;
    lastRead.set(this.me, id);
    for (const unreadId of this.#unread.keys()) if (unreadId <= id) this.#unread.delete(unreadId);
    this.#unreadChanged();
  }

  async #refreshSession() {
    if (!this.#live) return; // a session being set up reads it anyway
    try {
      this.#applySession(await this.connection.request('/app/session'));
    } catch {
      // the connection dropped; the next session reads it
    }
  }

  #applySession(info) {
    this.me = info.username ?? this.me;
    this.meKey = nameKey(this.me, info.key);
    this.list.setMe({ name: this.me, key: this.meKey });
    this.people.setMe(this.meKey);
    Object.assign(this.limits, info.limits ?? {});
    this.credentials = {
      ...this.credentials,
      username: this.me,
      // a token (only ever sent once) replaces the password as the way back in
      token: info.token ?? this.credentials.token,
      password: info.token ? undefined : this.credentials.password,
    };
    this.dispatchEvent(new CustomEvent('session', { detail: { info, credentials: this.credentials } }));
  }

  async #loadLatest(page) {
    this.#show(page, { live: false });
    this.#complete = page.at(-1)?.id ?? 0;
    this.list.setOlderState(page.length < history.PAGE ? 'done' : 'idle');
    await this.#findEchoesBefore(this.list.oldestId);
    this.#loaded = true;
    if (this.lastReadId == null) this.markRead(this.list.newestId ?? 0); // first visit: nothing is "new"
    const divider = this.list.markNewSince(this.newSince);
    if (divider) this.list.scrollToElement(divider);
    else this.list.scrollToBottom();
  }

  async #catchUp() {
    await history.forward(this.connection, this.#complete ?? 0, (page) => {
      // a phone in a pocket loses its socket often: what came meanwhile still notifies
      this.#show(page, { live: false, caughtUp: true });
      if (page.length) this.#complete = Math.max(this.#complete, page.at(-1).id);
    });
  }

  /**
   * After a reload, what this tab sent just before may be older than the newest page; look
   * for it there, or it would be sent twice.
   */
  async #findEchoesBefore(oldestShown) {
    const since = this.outbox.oldestUnacknowledged;
    if (since == null || oldestShown == null || since >= oldestShown) return;
    await history.forward(this.connection, since, (page) => {
      for (const message of page) if (this.#isOwn(message)) this.outbox.acknowledge(message);
    }, (page) => page.at(-1).id >= oldestShown);
  }

  #isOwn(message) {
    return nameKey(message.username, message.usernameKey) === this.meKey;
  }

  #show(messages, { live, caughtUp = false }) {
    const fresh = this.list.add(messages, { live });
    for (const message of fresh) {
      if (this.#isOwn(message)) {
        this.outbox.acknowledge(message);
        continue;
      }
      if (message.id > (this.lastReadId ?? Infinity)) {
        this.#unread.set(message.id, message.type === 'private_message' ? nameKey(message.username, message.usernameKey) : null);
      }
      if (live) this.#alert(message);
      else if (caughtUp) this.#notify(message);
    }
    if (fresh.length) this.#unreadChanged();
  }

  #alert(message) {
    const isPrivate = message.type === 'private_message';
    this.notifier.announce(t(isPrivate ? 'announce.private' : 'announce.message', { name: message.username, text: spoken(message) }));
    this.#notify(message);
  }

  /** Notifications show only while the page is out of sight (the notifier checks). */
  #notify(message) {
    const text = spoken(message);
    if (message.type === 'private_message') {
      this.notifier.notify(t('notify.private', { name: message.username }), text, `private-${fold(message.username)}`);
    } else if (mentions(message.content ?? '', this.me)) {
      this.notifier.notify(t('notify.mention', { name: message.username }), text, 'mention');
    }
  }

  #unreadChanged() {
    const privates = new Map();
    for (const sender of this.#unread.values()) if (sender) privates.set(sender, (privates.get(sender) ?? 0) + 1);
    this.people.setUnread(privates);
    this.notifier.setUnread(this.#unread.size, [...privates.values()].reduce((sum, n) => sum + n, 0));
  }
}

/** A message as it reads aloud or in a notification: "/me waves" as "Alice waves". */
function spoken(message) {
  return message.action ? `${message.username} ${message.content}` : message.content;
}
