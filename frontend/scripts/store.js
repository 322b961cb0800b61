// Everything the page remembers between visits lives in localStorage under one prefix.
// Storage can be missing or full (private browsing, quotas): the page then still works,
// it just forgets, so every access is wrapped.
const PREFIX = 'lanchat.';

/** False where storage is missing or refuses writes; callers then keep state in memory only. */
export const persistent = (() => {
  try {
    localStorage.setItem(`${PREFIX}probe`, '1');
    localStorage.removeItem(`${PREFIX}probe`);
    return true;
  } catch {
    return false;
  }
})();

export function read(key, fallback = null) {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw == null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

export function write(key, value) {
  try {
    if (value == null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // see above: forgetting is better than breaking the chat
  }
}

export function keys(prefix) {
  const found = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(PREFIX + prefix)) found.push(key.slice(PREFIX.length));
    }
  } catch {
    // no storage: nothing to list
  }
  return found;
}

/**
 * { username, token?, accessCode? }: what CONNECT needs to rejoin as the same person. Never a
 * password: a password claim earns this device a token of its own, which is kept instead.
 */
export const identity = {
  get: () => read('identity'),
  set: (value) => write('identity', value && { ...value, password: undefined }),
};

/** The newest message id this person has seen, per name, for the "new since you left" divider. */
export const lastRead = {
  get: (name) => read(`lastRead.${fold(name)}`),
  set: (name, id) => write(`lastRead.${fold(name)}`, id),
};

/**
 * A name as typed here, NFKC and case-folded: for what only this page compares (a name it stored, a
 * name typed after /w). People are told apart by the server's key instead (see nameKey).
 */
export function fold(name) {
  return String(name ?? '').normalize('NFKC').toLowerCase();
}

/**
 * The key by which the server tells names apart (it also joins look-alikes and ß with ẞ, which a
 * page cannot work out): what it sent beside the name (key, usernameKey, recipientKey), or the
 * name folded here when it sent none.
 */
export function nameKey(name, serverKey) {
  return typeof serverKey === 'string' ? serverKey : fold(name);
}
