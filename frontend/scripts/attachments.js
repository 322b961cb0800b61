import { formatSize } from './file-view.js';
import { t } from './i18n.js';

// Uploads: from the attach menu (camera, photo library, any file), pasted images and dropped
// files. Each gets a row with a progress bar, cancel and retry; an upload goes on while the
// keyboard closes or the view changes, since nothing here depends on the composer's state.
// When it is stored the file is sent: to whoever the composer is whispering to ("/w name"), or
// to the room.
//
// Events (bubbling from the list): 'send-file' (detail: { fileId, recipient, name }).

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
};

const WHISPER = /^\/w\s+(\S+)/u;

export class Attachments {
  #session = { ticket: null, maxBytes: 50 * 1024 * 1024 };

  constructor({ toggle, menu, inputs, list, composerInput, dropZone }) {
    this.toggle = toggle;
    this.menu = menu;
    this.list = list;
    this.composerInput = composerInput;
    toggle.addEventListener('click', () => this.#setMenu(menu.hidden));
    for (const input of inputs) {
      menu.querySelector(`[data-for="${input.id}"]`)?.addEventListener('click', () => {
        this.#setMenu(false);
        input.click();
      });
      input.addEventListener('change', () => {
        this.add(input.files);
        input.value = '';
      });
    }
    // only phones have a camera worth offering; desktops keep "photos" and "file"
    if (!matchMedia('(pointer: coarse)').matches) menu.querySelector('[data-for="attach-camera"]').parentElement.hidden = true;
    composerInput.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (!files.length) return;
      event.preventDefault();
      this.add(files);
    });
    dropZone.addEventListener('dragover', (event) => {
      if (![...event.dataTransfer.types].includes('Files')) return;
      event.preventDefault();
      dropZone.classList.add('dropping');
    });
    dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dropping'));
    dropZone.addEventListener('drop', (event) => {
      dropZone.classList.remove('dropping');
      if (!event.dataTransfer.files.length) return;
      event.preventDefault();
      this.add(event.dataTransfer.files);
    });
  }

  /** From the /app/session reply: this connection's ticket and the size limit. */
  setSession(info) {
    this.#session = { ticket: info.http ?? this.#session.ticket, maxBytes: info.limits?.fileSize ?? this.#session.maxBytes };
  }

  add(files) {
    const recipient = WHISPER.exec(this.composerInput.value.trim())?.[1] ?? null;
    for (const file of files) this.#start(new Upload(file, recipient, this.list));
  }

  #setMenu(open) {
    this.menu.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  #start(upload) {
    if (upload.file.size > this.#session.maxBytes) {
      upload.fail(t('upload.file-too-large', { max: formatSize(this.#session.maxBytes) }), false);
      return;
    }
    upload.onRetry = () => this.#start(upload);
    upload.send(this.#session.ticket, this.#session.maxBytes).then((answer) => {
      if (!answer) return;
      upload.done();
      this.list.dispatchEvent(new CustomEvent('send-file', {
        detail: { fileId: answer.fileId, recipient: upload.recipient, name: answer.name }, bubbles: true,
      }));
    });
  }
}

/** One file on its way up, and its row. */
class Upload {
  onRetry = null;

  constructor(file, recipient, list) {
    this.file = file;
    this.recipient = recipient;
    this.row = el('li', 'upload');
    this.name = el('span', 'upload__name', file.name || 'file');
    this.name.dir = 'auto';
    this.progress = el('progress', 'upload__progress');
    this.progress.max = 1;
    this.progress.value = 0;
    this.status = el('span', 'upload__status', formatSize(file.size));
    this.status.setAttribute('role', 'status');
    this.cancel = el('button', 'button upload__cancel', t('upload.cancel'));
    this.cancel.type = 'button';
    this.retry = el('button', 'button upload__retry', t('upload.retry'));
    this.retry.type = 'button';
    this.retry.hidden = true;
    this.cancel.addEventListener('click', () => {
      this.xhr?.abort();
      this.row.remove();
      list.hidden = !list.children.length;
    });
    this.retry.addEventListener('click', () => this.onRetry?.());
    this.row.append(this.name, this.progress, this.status, this.retry, this.cancel);
    list.append(this.row);
    list.hidden = false;
    this.list = list;
  }

  /** Resolves with the server's answer, or null when it failed or was cancelled. */
  send(ticket, maxBytes) {
    this.row.classList.remove('upload--failed');
    this.retry.hidden = true;
    this.status.textContent = formatSize(this.file.size);
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      this.xhr = xhr;
      xhr.open('POST', '/api/files');
      if (ticket) xhr.setRequestHeader('Authorization', `Bearer ${ticket}`);
      xhr.responseType = 'json';
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) this.progress.value = event.loaded / event.total;
      });
      xhr.addEventListener('load', () => {
        if (xhr.status === 201) {
          resolve(xhr.response);
          return;
        }
        const code = xhr.response?.code;
        const known = ['file-too-large', 'storage-full', 'rate-limited', 'wrong-credentials', 'bad-request'];
        const reason = known.includes(code) ? t(`upload.${code}`, { max: formatSize(maxBytes) })
          : xhr.response?.message ?? t('upload.failed');
        this.fail(reason, code !== 'file-too-large');
        resolve(null);
      });
      xhr.addEventListener('error', () => {
        this.fail(t('upload.network'), true);
        resolve(null);
      });
      xhr.addEventListener('abort', () => resolve(null));
      const form = new FormData();
      form.append('file', this.file, this.file.name || 'file');
      xhr.send(form);
    });
  }

  fail(reason, retryable) {
    this.row.classList.add('upload--failed');
    this.status.textContent = reason;
    this.retry.hidden = !retryable;
  }

  done() {
    this.row.remove();
    this.list.hidden = !this.list.children.length;
  }
}
