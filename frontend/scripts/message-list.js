import { t } from './i18n.js';
import { comingOrGoing, dayKey, describeRun, el, iconButton, renderDay, renderMessage, renderNote } from './message-view.js';

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 400;
// Joins and leaves share a line only within this long: hours apart in a quiet room, they are news.
const RUN_MS = 2 * 60_000;

/**
 * The scrolling conversation. Messages are kept in id order wherever they arrive from
 * (live, a history page, a catch-up page), each id at most once.
 *
 * Events (bubbling from the root): 'need-older' when the reader reaches the top,
 * 'read' (detail: newest id on screen) when the newest message is in view,
 * 'moderate-message' (detail: { id, username }) from a moderator's button beside a message.
 */
export class MessageList {
  #byId = new Map();
  #ids = []; // sorted ascending, mirrors #byId
  #unreadBelow = 0;
  #stick = true; // follow new messages until the reader scrolls up
  #moderator = false;
  // The line of joins and leaves at the end of the list: { item, joined: Set, left: Set }.
  #run = null;

  constructor(root) {
    this.root = root;
    this.list = root.querySelector('.messages__list');
    this.olderButton = root.querySelector('.messages__older');
    this.beginning = root.querySelector('.messages__beginning');
    this.jump = root.parentElement.querySelector('.jump');
    this.olderButton.addEventListener('click', () => this.#emit('need-older'));
    this.jump.addEventListener('click', () => this.scrollToBottom());
    this.list.addEventListener('click', (event) => {
      const button = event.target.closest('.msg__remove');
      if (!button) return;
      const item = button.closest('.msg');
      this.#emit('moderate-message', { id: Number(item.dataset.id), username: item.dataset.author });
    });
    root.addEventListener('scroll', () => this.#onScroll(), { passive: true });
    // The view shrinks when the on-screen keyboard opens: whoever was at the bottom stays there.
    new ResizeObserver(() => this.#stick && this.#toBottom()).observe(root);
  }

  /** Starts over for another person (after "switch name"); me: { name, key }. */
  reset(me) {
    this.me = me;
    this.#byId.clear();
    this.#ids = [];
    this.#unreadBelow = 0;
    this.#stick = true;
    this.#run = null;
    this.list.replaceChildren();
    this.jump.hidden = true;
    this.setOlderState('none');
  }

  get size() {
    return this.#ids.length;
  }

  get newestId() {
    return this.#ids.at(-1) ?? null;
  }

  get oldestId() {
    return this.#ids[0] ?? null;
  }

  /** Adds stored messages (live: as they happen, not from a history page); returns those that were new. */
  add(messages, { live = false } = {}) {
    const fresh = messages.filter((m) => !this.#byId.has(m.id));
    if (!fresh.length) return fresh;
    const stick = this.#stick;
    this.#keepingPosition(() => {
      for (const message of fresh) this.#insert(message, live);
      this.#placeDays();
    });
    if (stick) this.scrollToBottom();
    else this.#countBelow(fresh.filter((m) => m.id > (this.#lastVisibleId() ?? 0)).length);
    return fresh;
  }

  /**
   * Joins, leaves and system replies happen now, so they go to the end. Joins and leaves in a
   * row share one line (a whole room coming back after a restart would otherwise be thousands).
   * Returns whether the note is a line of its own (false: it joined the line before).
   */
  addNote(message) {
    const stick = this.#stick;
    const kind = comingOrGoing(message);
    const day = dayKey(message.timestamp ?? Date.now());
    const run = this.#run;
    const at = Date.parse(message.timestamp ?? '') || Date.now();
    const joinsRun = kind && run?.item === this.list.lastElementChild && run.item.dataset.day === day &&
      at - run.startedAt < RUN_MS;
    if (joinsRun) {
      // the latest of each person's comings and goings is what the line says
      run[kind === 'joined' ? 'left' : 'joined'].delete(message.username);
      run[kind].add(message.username);
      run.item.querySelector('.note__text').textContent = describeRun(run);
    } else {
      const item = renderNote(message);
      item.dataset.day = day;
      item.dataset.at = at;
      this.list.append(item);
      this.#run = kind ? { item, startedAt: at, joined: new Set(), left: new Set() } : null;
      this.#run?.[kind].add(message.username);
      this.#placeDayOf(item);
    }
    if (stick) this.#toBottom();
    return !joinsRun;
  }

  /** What the line of joins and leaves at the end says, or '' when there is none. */
  get runText() {
    return this.#run?.item === this.list.lastElementChild ? describeRun(this.#run) : '';
  }

  /** Moderators get a button beside every message to remove it. */
  setModerator(moderator) {
    this.#moderator = moderator;
    for (const item of this.#byId.values()) this.#offerRemoval(item);
  }

  /** A message a moderator removed leaves this screen at once (others see it gone when they reload). */
  remove(id) {
    const item = this.#byId.get(id);
    if (!item) return;
    item.remove();
    this.#byId.delete(id);
    this.#ids.splice(this.#ids.indexOf(id), 1);
    this.#placeDays();
  }

  setOlderState(state) {
    this.olderState = state; // 'none' (nothing loaded yet) | 'idle' | 'loading' | 'done'
    this.olderButton.hidden = state === 'done' || state === 'none';
    this.olderButton.disabled = state === 'loading';
    this.olderButton.textContent = t(state === 'loading' ? 'messages.loading' : 'messages.older');
    this.beginning.hidden = state !== 'done';
  }

  /** The "new since you left" line goes above the first message newer than lastReadId. */
  markNewSince(lastReadId) {
    this.list.querySelector('.divider')?.remove();
    if (lastReadId == null) return null;
    const firstNew = this.#ids.find((id) => id > lastReadId && !this.#byId.get(id).classList.contains('msg--own'));
    if (firstNew == null) return null;
    const divider = el('li', 'divider');
    divider.append(el('span', 'divider__label', t('messages.newSince')));
    this.#byId.get(firstNew).before(divider);
    return divider;
  }

  atBottom() {
    const r = this.root;
    return r.scrollHeight - r.scrollTop - r.clientHeight <= NEAR_BOTTOM_PX;
  }

  /** Also reports what is now read: a short conversation never scrolls, so no scroll event says so. */
  scrollToBottom() {
    this.#stick = true;
    this.#toBottom();
    this.#onScroll();
  }

  scrollToElement(element) {
    this.#stick = false;
    this.root.scrollTop += element.getBoundingClientRect().top - this.root.getBoundingClientRect().top - 8;
    this.#onScroll();
  }

  /** The server's key for this person's name, once the session says it. */
  setMe(me) {
    this.me = me;
  }

  #insert(message, live) {
    const item = renderMessage(message, this.me);
    item.dataset.day = dayKey(message.timestamp);
    item.dataset.author = message.username;
    this.#offerRemoval(item);
    const at = this.#insertionIndex(message.id);
    const nextId = this.#ids[at];
    this.#ids.splice(at, 0, message.id);
    this.#byId.set(message.id, item);
    // a live message is news: it goes last and ends the line of joins, whatever its time says (it
    // was stamped before its commit, and another node's clock may differ)
    if (nextId == null && live) this.list.append(item);
    else if (nextId == null) this.#appendBeforeLaterNotes(item, message.timestamp);
    else this.#startOfGroup(this.#byId.get(nextId)).before(item);
  }

  /**
   * The newest message of a history page goes last, but above the notes at the end that happened after
   * it: a page that lands after someone's join was shown belongs above that join, and the line of joins
   * stays last, so that the next join still folds into it.
   */
  #appendBeforeLaterNotes(item, timestamp) {
    const at = Date.parse(timestamp ?? '');
    let later = null;
    for (let cursor = this.list.lastElementChild; cursor?.matches('.note, .day'); cursor = cursor.previousElementSibling) {
      if (cursor.matches('.note') && Number(cursor.dataset.at) > at) later = cursor;
    }
    if (later) this.#startOfGroup(later).before(item);
    else this.list.append(item);
  }

  #offerRemoval(item) {
    const button = item.querySelector('.msg__remove');
    if (!this.#moderator) {
      button?.remove();
    } else if (!button) {
      item.append(iconButton('msg__remove', t('moderate.removeButton')));
    }
  }

  /** A message's day separator and the unread divider belong in front of it. */
  #startOfGroup(item) {
    let start = item;
    while (start.previousElementSibling?.matches('.day, .divider')) start = start.previousElementSibling;
    return start;
  }

  #insertionIndex(id) {
    let low = 0;
    let high = this.#ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#ids[mid] < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The day label for an item just added at the end, if it starts a day. */
  #placeDayOf(item) {
    let before = item.previousElementSibling;
    while (before && !before.dataset.day) before = before.previousElementSibling;
    if (before?.dataset.day === item.dataset.day) return;
    const time = item.querySelector('time')?.dateTime;
    this.#startOfGroup(item).before(renderDay(time ?? Date.now()));
  }

  /** Separators are few (one per day), so re-deriving them all is cheap and never wrong. */
  #placeDays() {
    for (const day of this.list.querySelectorAll('.day')) day.remove();
    let previous = null;
    for (const item of this.list.children) {
      const key = item.dataset.day;
      if (!key || key === previous) continue;
      previous = key;
      const time = item.querySelector('time')?.dateTime;
      this.#startOfGroup(item).before(renderDay(time ?? Date.now()));
    }
  }

  /** Keeps the first visible item where it was while content is added above it. */
  #keepingPosition(change) {
    const anchor = this.#firstVisible();
    const offset = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor?.isConnected) this.root.scrollTop += anchor.getBoundingClientRect().top - offset;
  }

  #firstVisible() {
    const top = this.root.getBoundingClientRect().top;
    for (const item of this.list.children) {
      if (item.getBoundingClientRect().bottom > top) return item;
    }
    return null;
  }

  #lastVisibleId() {
    const bottom = this.root.getBoundingClientRect().bottom;
    let last = null;
    for (const id of this.#ids) {
      if (this.#byId.get(id).getBoundingClientRect().top >= bottom) break;
      last = id;
    }
    return last;
  }

  #toBottom() {
    this.root.scrollTop = this.root.scrollHeight;
  }

  #countBelow(count) {
    this.#unreadBelow += count;
    this.jump.hidden = this.#unreadBelow === 0;
  }

  #onScroll() {
    const bottom = this.atBottom();
    this.#stick = bottom;
    if (bottom) {
      this.#unreadBelow = 0;
      this.jump.hidden = true;
      this.#emit('read', this.newestId);
    }
    if (this.root.scrollTop < NEAR_TOP_PX && this.olderState === 'idle' && this.size > 0) {
      this.#emit('need-older');
    }
  }

  #emit(type, detail) {
    this.root.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}
