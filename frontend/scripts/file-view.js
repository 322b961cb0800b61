import { t } from './i18n.js';

// How a message's file looks: an image as a thumbnail that opens full size, anything else as
// a card with its name, size and a download link. Names go through textContent like all
// user text; URLs are the server's own paths.

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
};

/** "2.1 MB", as the server and the TCP gateway say it. */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function renderAttachment(file) {
  return file.thumbnailUrl ? image(file) : card(file);
}

function image(file) {
  const button = el('button', 'file file--image');
  button.type = 'button';
  button.setAttribute('aria-label', t('file.open', { name: file.name }));
  const img = el('img', 'file__thumbnail');
  img.src = file.thumbnailUrl;
  img.alt = file.name;
  img.loading = 'lazy';
  img.decoding = 'async';
  // the real proportions reserve the space before the thumbnail arrives, so the list does not jump
  if (file.width && file.height) {
    img.width = file.width;
    img.height = file.height;
  }
  button.append(img);
  button.addEventListener('click', () => openViewer(file));
  return button;
}

function card(file) {
  const link = el('a', 'file file--card');
  link.href = file.url;
  link.download = file.name;
  link.append(el('span', 'file__icon'), el('span', 'file__name', file.name));
  const details = el('span', 'file__details', `${formatSize(file.size)} · ${t('file.download')}`);
  link.append(details);
  link.querySelector('.file__name').dir = 'auto';
  return link;
}

/** The full picture in a dialog; the browser's own pinch zoom works on it (touch-action). */
export function openViewer(file) {
  let dialog = document.querySelector('#viewer');
  if (!dialog) {
    dialog = el('dialog', 'viewer');
    dialog.id = 'viewer';
    const close = el('button', 'icon-button viewer__close', '✕');
    close.type = 'button';
    close.setAttribute('aria-label', t('viewer.close'));
    close.addEventListener('click', () => dialog.close());
    const frame = el('div', 'viewer__frame');
    frame.append(el('img', 'viewer__image'));
    const download = el('a', 'viewer__download', t('file.download'));
    dialog.append(close, frame, download);
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog || event.target === frame) dialog.close();
    });
    document.body.append(dialog);
  }
  const img = dialog.querySelector('.viewer__image');
  img.src = file.url;
  img.alt = file.name;
  const download = dialog.querySelector('.viewer__download');
  download.href = file.url;
  download.download = file.name;
  dialog.showModal();
}
