/**
 * The service worker (sw.js): it keeps the page's files for when the server is briefly gone, and it
 * is what shows notifications on phones. Browsers allow one only in a secure context (HTTPS, or
 * localhost); on a plain-http LAN address the page works without it.
 *
 * `worker` settles on the registration, or on null where there is none.
 */
export const worker = register();

async function register() {
  if (!('serviceWorker' in navigator)) return null;
  try {
    // updateViaCache 'none': the browser always asks the server whether the worker changed
    return await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  } catch {
    return null;
  }
}

/** The server was away, perhaps for an upgrade: fetch the new files now, not at the next visit. */
export function checkForUpdate() {
  worker.then((registration) => registration?.update()).catch(() => {});
}
