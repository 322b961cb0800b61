import { fold, keys, persistent, read, write } from './store.js';

// What the person typed, kept until the server proves it stored it: a message counts as
// delivered only when it comes back with an id (on /topic/public or /user/queue/private).
// Each entry is sent with its own clientId, which every live copy and every refusal of it
// carries back, so entries are matched by id, never by their text.
// Each tab keeps its own queue (sessionStorage survives a reload of that tab), and a tab
// adopts the queues of tabs that stopped touching theirs, so closing a tab while offline
// and opening the page tomorrow still sends what was typed, once.
const TAB_KEY = 'lanchat.tab';
const TOUCH_EVERY_MS = 30_000;
const ABANDONED_AFTER_MS = 3 * 60_000;
const ECHO_TIMEOUT_MS = 15_000;

function tabId() {
  try {
    let id = sessionStorage.getItem(TAB_KEY);
    if (!id) sessionStorage.setItem(TAB_KEY, (id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`));
    return id;
  } catch {
    return 'solo';
  }
}

/**
 * 96 random bits: unique among this browser's entries, and since every live copy shows it to the
 * room, it tells no one which tab or when (crypto.randomUUID needs a secure page; this does not).
 */
function newClientId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Turns typed text into what is sent and into what its echo will look like. */
export function compose(text) {
  const whisper = /^\/w\s+(\S+)\s+([\s\S]+)$/u.exec(text);
  if (whisper) {
    const [, recipient, content] = whisper;
    return {
      body: { type: 'private_message', recipient, content: content.trim() },
      expect: { type: 'private_message', recipient: fold(recipient), content: content.trim() },
    };
  }
  const me = /^\/me\s+([\s\S]+)$/u.exec(text);
  if (me) {
    return {
      body: { type: 'message', content: `/me ${me[1].trim()}` },
      expect: { type: 'message', action: true, content: me[1].trim() },
    };
  }
  // Other commands (/who, /help, /password, typos) are answered on /user/queue/system.
  const expect = text.startsWith('/') ? null : { type: 'message', action: false, content: text };
  return { body: { type: 'message', content: text }, expect };
}

/**
 * Whether a message from history (which carries no clientId) is this entry's echo: only for
 * an entry whose live echo was missed in a drop, by its text, sent after what it had seen.
 */
function echoes(entry, message) {
  const e = entry.expect;
  if (!e || entry.state !== 'sent') return false;
  if (e.fileId) return message.file?.id === e.fileId; // a file is sent once: its id is its message's
  if (message.type !== e.type || message.content?.trim() !== e.content) return false;
  if (message.id <= (entry.afterId ?? -1)) return false;
  return e.type === 'private_message'
    ? fold(message.recipient) === e.recipient
    : Boolean(message.action) === e.action;
}

/** Events: 'change' whenever an entry is added, sent, acknowledged or given up. */
export class Outbox extends EventTarget {
  #key = `outbox.${tabId()}`;
  #items = [];
  #flushing = false;
  /** Set by the page: an echo can only be overdue while there is a connection to carry it. */
  online = false;

  constructor(owner) {
    super();
    this.owner = fold(owner);
    this.#items = this.#load();
    this.#adoptAbandoned();
    this.#save();
    this.timer = setInterval(() => {
      this.#expireUnanswered();
      this.#save();
    }, TOUCH_EVERY_MS / 6);
  }

  get items() {
    return this.#items.slice();
  }

  /** Entries still waiting for their echo, for a reload to look for in history. */
  get oldestUnacknowledged() {
    const ids = this.#items.filter((e) => e.state === 'sent').map((e) => e.afterId ?? 0);
    return ids.length ? Math.min(...ids) : null;
  }

  add(text, newestKnownId) {
    const { body, expect } = compose(text);
    const key = newClientId();
    this.#mutate((items) => items.push({
      key, text, body: { ...body, clientId: key }, expect, state: 'queued', afterId: newestKnownId, createdAt: Date.now(),
    }));
  }

  /** A stored upload to send as a message ({ fileId, recipient?, name }), kept like typed text until its echo. */
  addFile({ fileId, recipient, name }, newestKnownId) {
    const body = recipient ? { type: 'private_message', recipient, fileId } : { type: 'message', fileId };
    const key = newClientId();
    this.#mutate((items) => items.push({
      key, text: name, body: { ...body, clientId: key }, expect: { fileId }, state: 'queued', afterId: newestKnownId, createdAt: Date.now(),
    }));
  }

  /**
   * Called with every stored message of this person; returns true if it was one of ours. A
   * live copy names its entry by clientId (another device's copies name none of ours).
   */
  acknowledge(message) {
    const index = message.clientId != null
      ? this.#items.findIndex((e) => e.key === message.clientId)
      : this.#items.findIndex((e) => echoes(e, message));
    if (index < 0) return false;
    this.#mutate((items) => items.splice(index, 1));
    return true;
  }

  /**
   * A system message that refused one of our entries (it carries the entry's clientId and a
   * code): a rate-limited one waits for the next flush, anything else is shown as not sent,
   * with the server's words. Returns true if it was about one of ours.
   */
  refused(system) {
    const entry = system.code && this.#items.find((e) => e.key === system.clientId);
    if (!entry) return false;
    this.#mutate(() => {
      if (system.code === 'rate-limited') {
        entry.state = 'queued';
      } else {
        Object.assign(entry, { state: 'failed', reason: system.content });
      }
    });
    return true;
  }

  /**
   * Sends what is queued, paced to the server's rate limit (excess would be dropped).
   * send(body) throws when the connection is gone; the entry then stays queued.
   */
  async flush(send, { ratePerSecond = 10, burst = 20, newestKnownId = null } = {}) {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      let sentInBurst = 0;
      for (;;) {
        this.#items = this.#load(); // another tab may have adopted our queue meanwhile
        const entry = this.#items.find((e) => e.state === 'queued');
        if (!entry) return;
        send(entry.body);
        this.#mutate(() => {
          Object.assign(entry, { state: 'sent', sentAt: Date.now(), afterId: newestKnownId ?? entry.afterId });
          if (!entry.expect) this.#items.splice(this.#items.indexOf(entry), 1);
        });
        if (++sentInBurst >= burst / 2) await new Promise((r) => setTimeout(r, 1000 / ratePerSecond));
      }
    } catch {
      // offline again: the rest waits for the next session
    } finally {
      this.#flushing = false;
    }
  }

  /** After a reconnect has caught up on history: whatever is still unanswered was lost. */
  requeueUnacknowledged() {
    this.#mutate((items) => items.forEach((e) => {
      if (e.state === 'sent') e.state = 'queued';
    }));
  }

  retry(key) {
    this.#mutate((items) => {
      const entry = items.find((e) => e.key === key);
      if (entry) Object.assign(entry, { state: 'queued', reason: undefined });
    });
  }

  discard(key) {
    this.#mutate((items) => {
      const index = items.findIndex((e) => e.key === key);
      if (index >= 0) items.splice(index, 1);
    });
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Forgetting the identity forgets what it had queued too. */
  clear() {
    this.stop();
    this.#items = [];
    write(this.#key, null);
    this.dispatchEvent(new Event('change'));
  }

  #expireUnanswered() {
    if (!this.online) return;
    const now = Date.now();
    const late = this.#items.filter((e) => e.state === 'sent' && now - e.sentAt > ECHO_TIMEOUT_MS);
    if (late.length) this.#mutate(() => late.forEach((e) => (e.state = 'failed')));
  }

  #mutate(change) {
    change(this.#items);
    this.#save();
    this.dispatchEvent(new Event('change'));
  }

  #load() {
    if (!persistent) return this.#items;
    const saved = read(this.#key);
    return saved?.owner === this.owner ? saved.items : [];
  }

  #save() {
    write(this.#key, { owner: this.owner, touched: Date.now(), items: this.#items });
  }

  #adoptAbandoned() {
    const now = Date.now();
    for (const key of keys('outbox.')) {
      if (key === this.#key) continue;
      const saved = read(key);
      if (!saved || now - saved.touched < ABANDONED_AFTER_MS) continue;
      if (saved.owner === this.owner) this.#items.push(...saved.items);
      write(key, null);
    }
  }
}
