import { t } from './i18n.js';

/** The platforms the CA steps are written for, in the order they are listed. */
const PLATFORMS = ['android', 'ios', 'windows', 'macos', 'linux'];

/** Which platform's steps to open first: a guess from the browser, the others stay one tap away. */
function guessPlatform() {
  const agent = navigator.userAgent;
  if (/android/i.test(agent)) return 'android';
  // iPadOS asks for the desktop site and says "Macintosh"; its touch screen gives it away
  if (/iphone|ipad|ipod/i.test(agent) || (/macintosh/i.test(agent) && navigator.maxTouchPoints > 1)) return 'ios';
  if (/windows/i.test(agent)) return 'windows';
  if (/mac os x|macintosh/i.test(agent)) return 'macos';
  if (/linux|x11/i.test(agent)) return 'linux';
  return null;
}

/**
 * The invite dialog: the addresses at which others on this network can join, and a QR code to
 * scan with a phone's camera. Both come from the server (/api/invite), which knows its own
 * addresses and draws the code itself, so nothing is sent to any other host. When the server's
 * HTTPS certificates come from its own local CA, the dialog also offers that CA for download, with
 * the steps to trust it once on each kind of device.
 */
export class InviteView {
  constructor(dialog) {
    this.dialog = dialog;
    this.list = dialog.querySelector('.invite__urls');
    this.qr = dialog.querySelector('.invite__qr');
    this.status = dialog.querySelector('.invite__status');
    this.fingerprint = dialog.querySelector('.invite__fingerprint');
    this.ca = null;
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
    this.#showCa(this.invite.ca);
  }

  /** The local CA section: built once, shown only when the server has a CA to offer. */
  #showCa(ca) {
    const usable = ca && typeof ca.url === 'string' && ca.url.startsWith('/');
    if (!usable) {
      if (this.ca) this.ca.hidden = true;
      return;
    }
    if (!this.ca) {
      this.ca = this.#caSection();
      this.fingerprint.after(this.ca);
    }
    this.ca.hidden = false;
    this.ca.querySelector('.invite__ca-download').href = ca.url;
    this.ca.querySelector('.invite__ca-fingerprint').textContent = t('invite.ca.fingerprint', {
      fingerprint: ca.fingerprint ?? '',
    });
  }

  #caSection() {
    const section = document.createElement('section');
    section.className = 'invite__ca';
    section.setAttribute('aria-labelledby', 'invite-ca-heading');
    const heading = document.createElement('h3');
    heading.id = 'invite-ca-heading';
    heading.textContent = t('invite.ca.heading');
    const intro = document.createElement('p');
    intro.textContent = t('invite.ca.intro');
    const download = document.createElement('a');
    download.className = 'button invite__ca-download';
    download.download = 'lanchat-ca.crt';
    download.textContent = t('invite.ca.download');
    const fingerprint = document.createElement('p');
    fingerprint.className = 'invite__ca-fingerprint';
    const guessed = guessPlatform();
    const platforms = PLATFORMS.map((platform) => {
      const details = document.createElement('details');
      details.className = 'invite__steps';
      details.dataset.platform = platform;
      details.open = platform === guessed;
      const summary = document.createElement('summary');
      summary.textContent = t(`invite.ca.${platform}`);
      const steps = document.createElement('ol');
      for (const step of t(`invite.ca.${platform}.steps`).split('\n')) {
        const item = document.createElement('li');
        item.textContent = step;
        steps.append(item);
      }
      details.append(summary, steps);
      return details;
    });
    section.append(heading, intro, download, fingerprint, ...platforms);
    return section;
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
      if (this.ca) this.ca.hidden = true;
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
