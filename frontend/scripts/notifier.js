import { t } from './i18n.js';
import { read, write } from './store.js';

const KEEP_ANNOUNCEMENTS = 3;
// A line that keeps changing (a room coming back) is read out once it has been still this long,
const SETTLED_MS = 1500;
// or after this long at most, so that a long storm is not silent.
const SETTLED_MAX_MS = 10_000;
const VIBRATION = [120, 60, 120];

/**
 * The ways the page gets attention: tab title, app badge, screen-reader announcements, notifications.
 * Notifications go through the service worker where there is one: phone browsers (Android Chrome,
 * an installed app on iOS) show no other kind.
 */
export class Notifier {
  #settling = null; // { first, text, timer } while a changing line waits to be read out

  constructor(announcer, worker) {
    this.announcer = announcer;
    this.worker = worker;
    this.baseTitle = t('appName');
  }

  /** count: all unread messages (in the title); privates: unread private ones (on the app icon). */
  setUnread(count, privates = 0) {
    document.title = count > 0 ? `(${count}) ${this.baseTitle}` : this.baseTitle;
    if (!('setAppBadge' in navigator)) return;
    (privates > 0 ? navigator.setAppBadge(privates) : navigator.clearAppBadge()).catch(() => {});
  }

  /**
   * Appending (not replacing) lets screen readers queue several messages in a row. A line still
   * waiting to settle is read out first, so that things are heard in the order they happened.
   */
  announce(text) {
    this.flushSettled();
    const line = document.createElement('p');
    line.textContent = text;
    this.announcer.append(line);
    while (this.announcer.childElementCount > KEEP_ANNOUNCEMENTS) this.announcer.firstElementChild.remove();
  }

  /**
   * Reads out text once calls stop coming for a moment, the latest call's text: a line of joins and
   * leaves is read out as it ends up, not once per person in it.
   */
  announceSettled(text) {
    const now = Date.now();
    const first = this.#settling?.first ?? now;
    clearTimeout(this.#settling?.timer);
    const wait = Math.min(SETTLED_MS, Math.max(0, first + SETTLED_MAX_MS - now));
    this.#settling = { first, text, timer: setTimeout(() => this.flushSettled(), wait) };
  }

  /** Reads out at once what was waiting to settle, if anything (something else comes next). */
  flushSettled() {
    const text = this.#settling?.text;
    this.cancelSettled();
    if (text) this.announce(text);
  }

  /** Whatever was waiting to settle is not read out (another person's room). */
  cancelSettled() {
    clearTimeout(this.#settling?.timer);
    this.#settling = null;
  }

  /**
   * 'on' | 'off' | 'blocked' (the person said no to the browser) | 'insecure' (plain http: browsers
   * offer notifications only to secure pages) | 'unavailable' (e.g. iOS Safari outside an installed app).
   */
  get state() {
    if (!window.isSecureContext) return 'insecure';
    if (!('Notification' in window)) return 'unavailable';
    if (Notification.permission === 'denied') return 'blocked';
    return Notification.permission === 'granted' && read('notifications', true) ? 'on' : 'off';
  }

  /** Only from a user gesture (a tap in the menu): browsers ask for permission only then. */
  async toggle() {
    switch (this.state) {
      case 'on':
        write('notifications', false);
        break;
      case 'off':
        if (Notification.permission === 'default') await Notification.requestPermission();
        if (Notification.permission === 'granted') write('notifications', true);
        break;
      default: // blocked, insecure or unavailable: nothing the page itself can change
    }
    return this.state;
  }

  /** Only while the page is out of sight; tag groups a sender's messages into one notification. */
  async notify(title, body, tag) {
    if (!document.hidden || this.state !== 'on') return;
    const options = { body, tag, renotify: true, icon: 'icons/app-192.png', vibrate: VIBRATION };
    const registration = await this.worker;
    if (!registration?.active) console.warn('notification shown by the page: no active service worker');
    try {
      if (registration?.active) await registration.showNotification(title, options);
      else new Notification(title, options).addEventListener('click', () => window.focus());
    } catch (error) {
      // a browser that refuses after all; the title and the badge still count
      console.warn('notification not shown:', error?.message ?? error);
    }
  }
}
