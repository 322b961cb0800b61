import { t } from './i18n.js';

/**
 * The invite dialog: the addresses at which others on this network can join, and a QR code to
 * scan with a phone's camera. Both come from the server (/api/invite), which knows its own
 * addresses and draws the code itself, so nothing is sent to any other host.
 */
export class InviteView {
  constructor(dialog) {
    this.dialog = dialog;
    this.list = dialog.querySelector('.invite__urls');
    this.qr = dialog.querySelector('.invite__qr');
    this.status = dialog.querySelector('.invite__status');
    this.fingerprint = dialog.querySelector('.invite__fingerprint');
    this.invite = null;
  }

  async open() {
    this.dialog.showModal();
    this.#showStatus(t('invite.loading'));
    try {
      const response = await fetch('/api/invite', { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      this.invite = await response.json();
    } catch {
      this.#showStatus(t('invite.failed'));
      return;
    }
    const urls = (this.invite.urls ?? []).filter((url) => /^https?:\/\//.test(url));
    if (urls.length === 0) {
      this.#showStatus(t('invite.none'));
      return;
    }
    this.#showStatus('');
    this.list.replaceChildren(...urls.map((url) => this.#item(url)));
    this.#select(urls[0]);
  }

  #item(url) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'invite__url';
    button.textContent = url;
    button.dataset.url = url;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => this.#select(url));
    li.append(button);
    return li;
  }

  #select(url) {
    for (const button of this.list.querySelectorAll('.invite__url')) {
      button.setAttribute('aria-pressed', String(button.dataset.url === url));
    }
    this.qr.alt = t('invite.qrAlt', { url });
    this.qr.src = `/api/invite/qr.svg?url=${encodeURIComponent(url)}`;
    this.qr.hidden = false;
    const secure = url.startsWith('https:') && this.invite?.fingerprint;
    this.fingerprint.hidden = !secure;
    this.fingerprint.textContent = secure ? t('invite.fingerprint', { fingerprint: this.invite.fingerprint }) : '';
  }

  #showStatus(text) {
    this.status.textContent = text;
    this.status.hidden = !text;
    if (text) {
      this.list.replaceChildren();
      this.qr.hidden = true;
      this.qr.removeAttribute('src');
      this.fingerprint.hidden = true;
    }
  }
}

// Wires itself to the page, so the rest of the page needs to know nothing about it.
const dialog = document.querySelector('#invite-dialog');
const toggle = document.querySelector('#menu-invite');
if (dialog && toggle) {
  const view = new InviteView(dialog);
  toggle.addEventListener('click', () => view.open());
}
