import { Client } from '/webjars/stomp__stompjs/esm6/index.js';

// Where each live destination's frames are announced, as a 'frame' event's detail.source.
const LIVE = ['/user/queue/system', '/user/queue/private', '/topic/public', '/topic/presence'];
const SEND = '/app/chat.send';
const JSON_HEADERS = { 'content-type': 'application/json' };

const BACKOFF_FIRST_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;
// Each time-out in a row doubles the next wait, twice at most (10, 20, 40 s to connect).
const PATIENCE_STEPS = 2;

function brokerUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/** Exponential backoff with "equal jitter": phones on one Wi-Fi must not all retry in step. */
export function backoffDelay(attempt) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * How long to wait after `timeouts` time-outs in a row. A server that is slow to answer is
 * usually a whole room coming back after a restart: giving up and joining again would only
 * add to its work, so each try waits longer than the last.
 */
export function patientTimeout(baseMs, timeouts) {
  return baseMs * 2 ** Math.min(timeouts, PATIENCE_STEPS);
}

/**
 * One STOMP session to the server, re-established after every drop.
 *
 * Events: 'state' (detail: 'connecting' | 'online' | 'reconnecting'), 'connected' (a new
 * session is up: re-sync now), 'frame' (detail: { source, body }), 'refused' (detail:
 * { message: the server's words, code: its machine-readable reason }), 'down' (the socket closed).
 */
export class Connection extends EventTarget {
  #client = null;
  #attempt = 0;
  #timeouts = 0;
  #timedOut = false; // this session already gave up waiting for a reply
  #everConnected = false;
  #socketConnected = false;
  #wake = null;

  constructor() {
    super();
    // A phone coming back to the page or to the network should not wait out its backoff.
    const wakeUp = () => this.#wake?.();
    addEventListener('online', wakeUp);
    document.addEventListener('visibilitychange', () => document.hidden || wakeUp());
  }

  get connected() {
    return Boolean(this.#client?.connected && this.#socketConnected);
  }

  /** credentials: { username, token?, password?, accessCode? }. */
  start(credentials) {
    this.stop();
    this.#attempt = 0;
    this.#timeouts = 0;
    this.#everConnected = false;
    this.#emit('state', 'connecting');
    const client = new Client({
      brokerURL: brokerUrl(),
      connectHeaders: connectHeaders(credentials),
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      // stompjs' own delay is kept tiny: the backoff with jitter happens in beforeConnect.
      reconnectDelay: 1,
      beforeConnect: () => this.#waitBeforeAttempt(),
      onConnect: () => this.#onConnect(client),
      onStompError: (frame) => this.#onStompError(client, frame),
      onWebSocketClose: () => this.#onClose(client),
    });
    this.#client = client;
    client.activate();
  }

  /** Changes what the next CONNECT carries (e.g. the token the server just handed out). */
  updateCredentials(credentials) {
    if (this.#client) this.#client.connectHeaders = connectHeaders(credentials);
  }

  stop() {
    const client = this.#client;
    this.#client = null;
    this.#socketConnected = false;
    this.#wake?.();
    if (client) client.deactivate();
  }

  /** The server closes the socket on any ERROR, so a lost reply means a new session anyway. */
  reconnectNow() {
    this.#client?.forceDisconnect();
  }

  send(body) {
    this.#client.publish({ destination: SEND, body: JSON.stringify(body), headers: JSON_HEADERS });
  }

  setPresence(status) {
    if (!this.connected) return;
    this.#client.publish({
      destination: '/app/presence',
      body: JSON.stringify({ status }),
      headers: JSON_HEADERS,
    });
  }

  /**
   * One-shot SUBSCRIBE to an /app destination whose single reply is returned, as the
   * contract describes for /app/session, /app/users and /app/history.
   */
  request(destination, headers = {}) {
    const client = this.#client;
    if (!this.connected) return Promise.reject(new Error('offline'));
    return new Promise((resolve, reject) => {
      let subscription = null;
      const finish = (settle, value) => {
        clearTimeout(timer);
        this.removeEventListener('down', onDown);
        settle(value);
      };
      const onDown = () => finish(reject, new Error('disconnected'));
      const timer = setTimeout(() => {
        finish(reject, new Error(`no reply from ${destination}`));
        // requests asked together time out together: one slow server is one time-out
        if (this.#timedOut || client !== this.#client) return;
        this.#timedOut = true;
        this.#timeouts++;
        this.reconnectNow();
      }, patientTimeout(REQUEST_TIMEOUT_MS, this.#timeouts));
      this.addEventListener('down', onDown);
      subscription = client.subscribe(destination, (frame) => {
        subscription.unsubscribe();
        this.#timeouts = 0;
        try {
          finish(resolve, JSON.parse(frame.body));
        } catch (error) {
          finish(reject, error);
        }
      }, stringHeaders(headers));
    });
  }

  #onConnect(client) {
    if (client !== this.#client) return;
    this.#socketConnected = true;
    this.#timedOut = false;
    this.#everConnected = true;
    this.#attempt = 0;
    // Live destinations first: whatever is published while history is being read then
    // arrives live, and the id de-duplicates it, so nothing falls between the two.
    for (const source of LIVE) {
      client.subscribe(source, (frame) => {
        let body;
        try {
          body = JSON.parse(frame.body);
        } catch {
          return; // not our contract; nothing sensible to show
        }
        this.#emit('frame', { source, body });
      });
    }
    this.#emit('state', 'online');
    this.#emit('connected');
  }

  #onStompError(client, frame) {
    if (client !== this.#client) return;
    const message = frame.headers.message || frame.body || '';
    if (this.#socketConnected) return; // a broken session: the close that follows reconnects
    // Refused at CONNECT (name taken, wrong access code, ...): retrying cannot help.
    this.stop();
    this.#emit('refused', { message, code: frame.headers.code ?? '' });
  }

  #onClose(client) {
    if (client !== this.#client) return;
    // a try that never got CONNECTED: timed out, or the server is not there yet
    if (!this.#socketConnected) this.#timeouts++;
    this.#socketConnected = false;
    this.#emit('down');
    this.#emit('state', this.#everConnected ? 'reconnecting' : 'connecting');
  }

  #waitBeforeAttempt() {
    if (this.#client) this.#client.connectionTimeout = patientTimeout(CONNECT_TIMEOUT_MS, this.#timeouts);
    const attempt = this.#attempt++;
    if (attempt === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, backoffDelay(attempt - 1));
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.#wake === done) self.#wake = null;
        resolve();
      }
      this.#wake = done;
    });
  }

  /** Whether this name ever got in: a first join gives up early instead of retrying forever. */
  get everConnected() {
    return this.#everConnected;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function connectHeaders({ username, token, password, accessCode }) {
  return stringHeaders({ username, token, password, 'access-code': accessCode });
}

function stringHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value != null && value !== '') out[name] = String(value);
  }
  return out;
}
