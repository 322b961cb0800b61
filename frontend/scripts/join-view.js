import { t } from './i18n.js';
import { nameProblem, normaliseName } from './names.js';

/** The refusals that are about the name typed, so the name field is marked invalid. */
const NAME_CODES = new Set(['', 'name-invalid', 'name-reserved', 'name-taken']);

/**
 * The name form. The access-code field appears only once the server asks for one, and the
 * password field once a name turns out to be held (it may be this person's, from another
 * device). Event: 'join' (detail: { username, accessCode, password }).
 */
export class JoinView {
  constructor(form) {
    this.form = form;
    this.name = form.elements.username;
    this.code = form.elements.accessCode;
    this.password = form.elements.password;
    this.error = form.querySelector('.join__error');
    this.submit = form.querySelector('button[type=submit]');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.name.addEventListener('input', () => this.#showError(''));
  }

  /**
   * refusal: the server's own words, shown as they are (they are written for people); code:
   * its machine-readable reason, which decides the field to ask for.
   */
  show({ username = '', accessCode = '', refusal = '', code = '' } = {}) {
    this.form.hidden = false;
    this.name.value = username;
    this.code.value = accessCode;
    if (code === 'wrong-access-code') this.#reveal(this.code);
    if (code === 'name-taken' || code === 'wrong-credentials') this.#reveal(this.password);
    this.setBusy(false);
    this.#showError(refusal, code);
    (this.#firstEmptyVisible() ?? this.name).focus();
  }

  setBusy(busy) {
    this.submit.disabled = busy;
    this.submit.textContent = t(busy ? 'join.connecting' : 'join.submit');
    this.form.setAttribute('aria-busy', String(busy));
  }

  showUnreachable() {
    this.setBusy(false);
    this.#showError(t('join.unreachable'));
  }

  #submit() {
    const username = normaliseName(this.name.value);
    const problem = nameProblem(username);
    if (problem) {
      this.#showError(t(problem));
      this.name.focus();
      return;
    }
    this.#showError('');
    this.setBusy(true);
    this.form.dispatchEvent(new CustomEvent('join', {
      bubbles: true,
      detail: { username, accessCode: this.code.value.trim(), password: this.password.value },
    }));
  }

  #reveal(input) {
    input.closest('.field').hidden = false;
  }

  #firstEmptyVisible() {
    return [this.name, this.code, this.password].find((input) => !input.closest('.field').hidden && !input.value);
  }

  #showError(message, code = '') {
    this.error.textContent = message;
    this.error.hidden = !message;
    this.name.setAttribute('aria-invalid', String(Boolean(message) && NAME_CODES.has(code)));
  }
}
