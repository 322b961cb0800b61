import { t } from './i18n.js';
import { el } from './message-view.js';

/**
 * What the person typed that the server has not confirmed yet, shown under the
 * conversation so nothing is silently lost. Events: 'outbox-retry', 'outbox-discard'
 * (detail: the entry's key).
 */
export class PendingView {
  constructor(root) {
    this.root = root;
    root.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      const key = button.closest('[data-key]').dataset.key;
      root.dispatchEvent(new CustomEvent(`outbox-${button.dataset.action}`, { detail: key, bubbles: true }));
    });
  }

  render(entries) {
    this.root.replaceChildren(...entries.map((entry) => this.#item(entry)));
    this.root.hidden = entries.length === 0;
  }

  #item(entry) {
    const item = el('li', `pending pending--${entry.state}`);
    item.dataset.key = entry.key;
    const text = el('p', 'pending__text', entry.text);
    text.dir = 'auto';
    const state = el('p', 'pending__state', t(`outbox.${entry.state}`));
    if (entry.state === 'failed' && entry.reason) state.append(`: ${entry.reason}`);
    item.append(text, state);
    if (entry.state === 'failed') {
      for (const action of ['retry', 'discard']) {
        const button = el('button', `pending__${action}`, t(`outbox.${action}`));
        button.type = 'button';
        button.dataset.action = action;
        state.append(' ', button);
      }
    }
    return item;
  }
}
