import { el } from './message-view.js';

// Plain Unicode characters: the system's emoji font draws them, no images to fetch.
const EMOJI = [
  '😀', '😂', '🙂', '😉', '😍', '😘', '😎', '🤔', '😅', '😭', '😮', '😴',
  '🙄', '😬', '🥳', '😇', '👍', '👎', '👏', '🙏', '💪', '👋', '🤝', '👀',
  '❤️', '🔥', '✨', '🎉', '✅', '❌', '⭐', '💡', '☕', '🍕', '🍰', '🍺',
  '🐱', '🐶', '🌞', '🌧️', '⚽', '🎮', '🎵', '📷', '🚀', '💬', '⏰', '🆗',
];

/**
 * A popover grid of emoji buttons, operable by keyboard (arrows move, Escape closes and
 * gives focus back to the toggle). Event: 'emoji' (detail: the character).
 */
export class EmojiPicker {
  constructor(toggle, panel) {
    this.toggle = toggle;
    this.panel = panel;
    this.grid = panel.querySelector('.emoji__grid');
    for (const emoji of EMOJI) {
      const button = el('button', 'emoji__item', emoji);
      button.type = 'button';
      button.tabIndex = -1;
      this.grid.append(button);
    }
    toggle.addEventListener('click', () => this.setOpen(panel.hidden));
    this.grid.addEventListener('click', (event) => {
      const button = event.target.closest('.emoji__item');
      if (!button) return;
      panel.dispatchEvent(new CustomEvent('emoji', { detail: button.textContent, bubbles: true }));
    });
    panel.addEventListener('keydown', (event) => this.#onKey(event));
    document.addEventListener('pointerdown', (event) => {
      if (!panel.hidden && !panel.contains(event.target) && !toggle.contains(event.target)) this.setOpen(false);
    });
  }

  setOpen(open) {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) this.#focusItem(0);
  }

  #items() {
    return [...this.grid.children];
  }

  #focusItem(index) {
    const items = this.#items();
    const target = items[(index + items.length) % items.length];
    for (const item of items) item.tabIndex = item === target ? 0 : -1;
    target.focus();
  }

  #onKey(event) {
    const items = this.#items();
    const current = items.indexOf(document.activeElement);
    const columns = getComputedStyle(this.grid).gridTemplateColumns.split(' ').length;
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, Home: -current, End: items.length - 1 - current };
    if (event.key === 'Escape') {
      event.preventDefault();
      this.setOpen(false);
      this.toggle.focus();
    } else if (event.key in moves && current >= 0) {
      event.preventDefault();
      this.#focusItem(current + moves[event.key]);
    }
  }
}
