import { t } from './i18n.js';

/**
 * The message box. Enter sends, Shift+Enter starts a new line, and Enter that confirms
 * an input-method composition (Chinese, Japanese...) is left to the IME.
 * Event: 'compose' (detail: the trimmed text) bubbling from the form.
 */
export class Composer {
  limit = 2000;

  constructor(form) {
    this.form = form;
    this.input = form.querySelector('textarea');
    this.hint = form.querySelector('.composer__hint');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      this.#submit();
    });
    this.input.addEventListener('input', () => this.#changed());
  }

  /** Inserts at the caret, as typing would, so undo and the caret behave. */
  insert(text) {
    this.input.focus();
    const { selectionStart, selectionEnd, value } = this.input;
    this.input.setRangeText(text, selectionStart ?? value.length, selectionEnd ?? value.length, 'end');
    this.#changed();
  }

  prefill(text) {
    this.input.value = text;
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
    this.#changed();
  }

  focus() {
    this.input.focus();
  }

  #submit() {
    const text = this.input.value.trim();
    if (!text || this.#overBy(text) > 0) return;
    this.form.dispatchEvent(new CustomEvent('compose', { detail: text, bubbles: true }));
    this.input.value = '';
    this.#changed();
  }

  /** The server counts code points, not UTF-16 units: an emoji is one, not two. */
  #overBy(text) {
    return [...text].length - this.limit;
  }

  #changed() {
    const over = this.#overBy(this.input.value.trim());
    this.hint.hidden = over <= 0;
    this.hint.textContent = over > 0 ? t('composer.tooLong', { count: over }) : '';
    this.input.setAttribute('aria-invalid', String(over > 0));
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight}px`;
  }
}
