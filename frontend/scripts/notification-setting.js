import { t } from './i18n.js';
import { el } from './message-view.js';

const EXPLAINED = new Set(['insecure', 'unavailable', 'blocked']);

/**
 * The menu's notifications switch. Where the browser cannot notify (a plain-http address, iOS Safari
 * outside an installed app, permission refused), a tap says what would make it work instead of doing
 * nothing; on plain http it lists the server's https:// addresses, if it has any.
 */
export class NotificationSetting {
  constructor(button, dialog, notifier) {
    this.button = button;
    this.dialog = dialog;
    this.notifier = notifier;
    this.heading = dialog.querySelector('h2');
    this.body = dialog.querySelector('.hint__body');
    this.secure = dialog.querySelector('.hint__secure');
    this.urls = dialog.querySelector('.hint__urls');
    button.addEventListener('click', async () => {
      const state = await notifier.toggle();
      this.render();
      if (EXPLAINED.has(state)) this.#explain(state);
    });
    this.render();
  }

  render() {
    this.button.textContent = t(this.notifier.state === 'on' ? 'notifications.turnOff' : 'notifications.turnOn');
  }

  #explain(state) {
    this.heading.textContent = t(`notifications.${state}.heading`);
    this.body.textContent = t(`notifications.${state}.body`);
    this.urls.replaceChildren();
    this.secure.hidden = true;
    this.dialog.showModal();
    if (state === 'insecure') this.#listSecureAddresses();
  }

  async #listSecureAddresses() {
    let urls = [];
    try {
      const response = await fetch('/api/invite', { cache: 'no-store' });
      if (response.ok) urls = ((await response.json()).urls ?? []).filter((url) => /^https:\/\//.test(url));
    } catch {
      return; // the explanation stands on its own
    }
    if (!urls.length) return;
    this.urls.replaceChildren(...urls.map((url) => {
      const link = el('a', 'hint__url', url);
      link.href = url;
      const item = el('li');
      item.append(link);
      return item;
    }));
    this.secure.hidden = false;
  }
}
