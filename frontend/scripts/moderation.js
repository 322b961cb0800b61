import { t } from './i18n.js';
import { el } from './message-view.js';

const MUTE_MINUTES = [5, 60, 24 * 60];

/**
 * A moderator's actions without typing: on a person (mute, kick, ban) and on a message (remove). Each
 * is the chat command it stands for; kick, ban and remove ask once more before they happen.
 * Event: 'moderate' (detail: { command, removedId? }) bubbling from the dialog.
 */
export class ModerationDialog {
  #pending = null;

  constructor(dialog) {
    this.dialog = dialog;
    this.heading = dialog.querySelector('h2');
    this.question = dialog.querySelector('.moderate__question');
    this.choices = dialog.querySelector('.moderate__choices');
    this.confirm = dialog.querySelector('.moderate__confirm');
    this.cancel = dialog.querySelector('.moderate__cancel');
    this.confirm.addEventListener('click', () => this.#run(this.#pending));
  }

  forPerson(name) {
    this.heading.textContent = t('moderate.person', { name });
    this.question.hidden = true;
    this.confirm.hidden = true;
    this.choices.hidden = false;
    this.choices.replaceChildren(...[
      ...MUTE_MINUTES.map((minutes) => ({ label: t(`moderate.mute${minutes}`), command: `/mute ${name} ${minutes}` })),
      { label: t('moderate.kick'), command: `/kick ${name}`, question: t('moderate.kickQuestion', { name }), danger: true },
      { label: t('moderate.ban'), command: `/ban ${name}`, question: t('moderate.banQuestion', { name }), danger: true },
    ].map((action) => this.#choice(action)));
    this.dialog.showModal();
  }

  forMessage({ id, username }) {
    this.heading.textContent = t('moderate.removeHeading');
    this.#ask({ label: t('moderate.remove'), command: `/clear ${id}`, removedId: id,
      question: t('moderate.removeQuestion', { name: username }) });
    this.dialog.showModal();
  }

  #choice(action) {
    const button = el('button', `button moderate__choice${action.danger ? ' moderate__choice--danger' : ''}`, action.label);
    button.type = 'button';
    button.addEventListener('click', () => (action.question ? this.#ask(action) : this.#run(action)));
    return button;
  }

  /** Asks again, in the same dialog: the choices give way to the question and a button that does it. */
  #ask(action) {
    this.#pending = action;
    this.question.textContent = action.question;
    this.question.hidden = false;
    this.choices.hidden = true;
    this.confirm.textContent = action.label;
    this.confirm.hidden = false;
    this.cancel.focus(); // the safe answer is the one Enter gives
  }

  #run({ command, removedId }) {
    this.dialog.close();
    this.dialog.dispatchEvent(new CustomEvent('moderate', { detail: { command, removedId }, bubbles: true }));
  }
}
