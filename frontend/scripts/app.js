import { checkForUpdate, worker } from './app-shell.js';
import { Attachments } from './attachments.js';
import { Composer } from './composer.js';
import { Connection } from './connection.js';
import { EmojiPicker } from './emoji-picker.js';
import { exportHistory, retentionText } from './history-export.js';
import { t, translatePage } from './i18n.js';
import { JoinView } from './join-view.js';
import { Menu } from './menu.js';
import { MessageList } from './message-list.js';
import { ModerationDialog } from './moderation.js';
import { NotificationSetting } from './notification-setting.js';
import { Notifier } from './notifier.js';
import { PendingView } from './pending.js';
import { People } from './people.js';
import { Room } from './room.js';
import { fold, identity } from './store.js';
import { followVisualViewport } from './viewport.js';

// Wiring only: components report what happened (DOM events up), this module decides
// what it means and hands data back down.
const $ = (selector) => document.querySelector(selector);

translatePage();
followVisualViewport();

const connection = new Connection();
const joinView = new JoinView($('#join'));
const list = new MessageList($('#messages'));
const composer = new Composer($('#composer'));
const emoji = new EmojiPicker($('#emoji-toggle'), $('#emoji-panel'));
const people = new People($('#people'), $('#people-toggle'));
const pending = new PendingView($('.messages__pending'));
const notifier = new Notifier($('#announcer'), worker);
const menu = new Menu($('#menu-toggle'), $('#menu'));
const moderation = new ModerationDialog($('#moderate-dialog'));
const status = $('#status');
const attachments = new Attachments({
  toggle: $('#attach-toggle'),
  menu: $('#attach-menu'),
  inputs: [$('#attach-camera'), $('#attach-photos'), $('#attach-file')],
  list: $('#uploads'),
  composerInput: $('#message'),
  dropZone: $('#chat'),
});
new NotificationSetting($('#menu-notifications'), $('#notifications-dialog'), notifier);

let room = null;
let joining = false; // true until a name typed in the join form has been accepted
let wasDown = false; // the server was away since the page opened (perhaps for an upgrade)
let loggingOut = false; // /logout was sent: the server closes this connection, and the page asks for the password

function enter(credentials, { fromForm }) {
  room?.dispose();
  room = new Room(credentials, { connection, list, people, notifier });
  room.outbox.addEventListener('change', () => pending.render(room.outbox.items));
  pending.render(room.outbox.items);
  room.addEventListener('session', ({ detail }) => {
    if (loggingOut) return; // the token is being revoked: do not keep it again
    identity.set(detail.credentials);
    connection.updateCredentials(detail.credentials);
    composer.limit = detail.info.limits?.contentLength ?? composer.limit;
    attachments.setSession(detail.info);
    showModeration(Boolean(detail.info.moderator));
    showRetention(retentionText(detail.info.historyDays));
    if (joining) showChat();
  });
  joining = fromForm;
  if (!fromForm) showChat();
  connection.start(credentials);
}

function showChat() {
  joining = false;
  joinView.password.value = ''; // in: from now on the token proves who this is
  $('#join').hidden = true;
  $('#chat').hidden = false;
  composer.focus();
}

function showModeration(moderator) {
  people.setModerator(moderator);
  list.setModerator(moderator);
}

function showRetention(text) {
  $('#menu-retention').textContent = text;
  $('#menu-retention').hidden = !text;
  $('.messages__retention').textContent = text;
}

function showJoin(options) {
  $('#chat').hidden = true;
  joinView.show(options);
}

// --- joining and leaving -------------------------------------------------------------

$('#join').addEventListener('join', ({ detail }) => {
  const saved = identity.get();
  const sameName = saved && fold(saved.username) === fold(detail.username);
  enter({
    username: detail.username,
    token: sameName ? saved.token : undefined,
    password: detail.password || undefined,
    accessCode: detail.accessCode,
  }, { fromForm: true });
});

connection.addEventListener('refused', ({ detail }) => {
  const { username, accessCode } = room?.credentials ?? {};
  // a revoked token (logged out, or the password changed elsewhere) proves nothing any more
  if (detail.code === 'wrong-credentials') identity.set({ username, accessCode });
  showJoin({ username, accessCode, refusal: detail.message, code: detail.code });
});

$('#menu-logout').addEventListener('click', () => $('#logout-dialog').showModal());
$('#logout-dialog').addEventListener('close', (event) => {
  if (event.target.returnValue !== 'logout') return;
  const { username, accessCode } = room?.credentials ?? {};
  identity.set({ username, accessCode });
  if (!connection.connected) return loggedOut();
  loggingOut = true;
  connection.send({ type: 'message', content: '/logout' });
});

function loggedOut() {
  loggingOut = false;
  notifier.cancelSettled();
  const { username, accessCode } = room?.credentials ?? {};
  connection.stop();
  room?.outbox.clear();
  showJoin({ username, accessCode, refusal: t('logout.done'), code: 'wrong-credentials' });
}

$('#menu-switch').addEventListener('click', () => $('#forget-dialog').showModal());
$('#forget-dialog').addEventListener('close', (event) => {
  if (event.target.returnValue !== 'forget') return;
  connection.stop();
  room?.outbox.clear();
  identity.set(null);
  location.reload(); // a clean page is the surest way to forget everything in memory
});

$('#menu-export').addEventListener('click', async () => {
  try {
    await exportHistory(room?.credentials.token);
  } catch (error) {
    list.addNote({ type: 'system', content: error.message });
  }
});

// --- the connection ------------------------------------------------------------------

connection.addEventListener('connected', () => {
  room?.connected();
  if (wasDown) checkForUpdate();
});
connection.addEventListener('down', () => {
  wasDown = true;
  room?.disconnected();
  if (loggingOut) return loggedOut();
  // A name typed for the first time gets a clear answer instead of endless retries.
  if (joining && !connection.everConnected) {
    connection.stop();
    joinView.showUnreachable();
  }
});
connection.addEventListener('frame', ({ detail }) => room?.receive(detail));
connection.addEventListener('state', ({ detail }) => {
  // opened from the stored page while the server is away: someone coming back, not a new arrival
  const state = detail === 'connecting' && wasDown && !joining ? 'reconnecting' : detail;
  status.textContent = state === 'online' ? '' : t(`status.${state}`);
  status.dataset.state = state;
});

document.addEventListener('visibilitychange', () => {
  connection.setPresence(document.hidden ? 'away' : 'online');
  if (!document.hidden && list.atBottom()) room?.markRead(list.newestId);
});

// --- the conversation ----------------------------------------------------------------

$('#messages').addEventListener('need-older', () => room?.loadOlder());
$('#messages').addEventListener('read', ({ detail }) => {
  if (!document.hidden) room?.markRead(detail);
});
$('#messages').addEventListener('outbox-retry', ({ detail }) => {
  room?.outbox.retry(detail);
  room?.flush();
});
$('#messages').addEventListener('outbox-discard', ({ detail }) => room?.outbox.discard(detail));
$('#composer').addEventListener('compose', ({ detail }) => room?.send(detail));
$('#uploads').addEventListener('send-file', ({ detail }) => room?.sendFile(detail));
$('#composer').addEventListener('emoji', ({ detail }) => {
  emoji.setOpen(false);
  composer.insert(detail);
});
$('#people').addEventListener('whisper', ({ detail }) => {
  composer.prefill(`/w ${detail} `);
  list.scrollToBottom();
});

// --- moderation: the commands a moderator would type, from buttons ---------------------

$('#people').addEventListener('moderate-person', ({ detail }) => moderation.forPerson(detail));
$('#messages').addEventListener('moderate-message', ({ detail }) => moderation.forMessage(detail));
$('#moderate-dialog').addEventListener('moderate', ({ detail }) => {
  room?.command(detail.command);
  if (detail.removedId != null) list.remove(detail.removedId);
});

// --- start ---------------------------------------------------------------------------

const saved = identity.get();
if (saved?.username) enter(saved, { fromForm: false });
else showJoin();
