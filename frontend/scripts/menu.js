/** A disclosure menu: the toggle shows a short list of buttons; Escape or a click elsewhere hides it. */
export class Menu {
  constructor(toggle, list) {
    this.toggle = toggle;
    this.list = list;
    toggle.addEventListener('click', () => this.setOpen(list.hidden));
    list.addEventListener('click', (event) => {
      if (event.target.closest('button')) this.setOpen(false);
    });
    list.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      this.setOpen(false);
      toggle.focus();
    });
    document.addEventListener('pointerdown', (event) => {
      if (!list.hidden && !list.contains(event.target) && !toggle.contains(event.target)) this.setOpen(false);
    });
  }

  setOpen(open) {
    this.list.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) this.list.querySelector('button:not([hidden])')?.focus();
  }
}
