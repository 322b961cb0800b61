import { t } from './i18n.js';
import { read, write } from './store.js';

const KEEP_ANNOUNCEMENTS = 3;
const VIBRATION = [120, 60, 120];

/**
 * The ways the page gets attention: tab title, app badge, screen-reader announcements, notifications.
 * Notifications go through the service worker where there is one: phone browsers (Android Chrome,
 * an installed app on iOS) show no other kind.
 */
export class Notifier {
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

  /** Appending (not replacing) lets screen readers queue several messages in a row. */
  announce(text) {
    const line = document.createElement('p');
    line.textContent = text;
    this.announcer.append(line);
    while (this.announcer.childElementCount > KEEP_ANNOUNCEMENTS) this.announcer.firstElementChild.remove();
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
