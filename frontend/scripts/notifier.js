import { t } from './i18n.js';

const KEEP_ANNOUNCEMENTS = 3;

/** The ways the page gets attention: tab title, screen-reader announcements, notifications. */
export class Notifier {
  constructor(announcer) {
    this.announcer = announcer;
    this.baseTitle = t('appName');
  }

  setUnread(count) {
    document.title = count > 0 ? `(${count}) ${this.baseTitle}` : this.baseTitle;
  }

  /** Appending (not replacing) lets screen readers queue several messages in a row. */
  announce(text) {
    const line = document.createElement('p');
    line.textContent = text;
    this.announcer.append(line);
    while (this.announcer.childElementCount > KEEP_ANNOUNCEMENTS) this.announcer.firstElementChild.remove();
  }

  /** Notifications need a secure context; on a plain-http LAN address they do not exist. */
  get canAsk() {
    return 'Notification' in window && Notification.permission === 'default';
  }

  /** Browsers only allow this from a user gesture, so it is wired to a menu item. */
  ask() {
    return this.canAsk ? Notification.requestPermission() : Promise.resolve();
  }

  notify(title, body) {
    if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return;
    try {
      const notification = new Notification(title, { body, tag: 'lanchat', icon: 'favicon.svg' });
      notification.addEventListener('click', () => {
        window.focus();
        notification.close();
      });
    } catch {
      // some mobile browsers only allow notifications from a service worker; the title still counts
    }
  }
}
