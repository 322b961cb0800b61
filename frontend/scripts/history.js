// Paging through /app/history as the contract defines it: every page is oldest first,
// `before` walks back, `after` walks forward, and a short page means "that was all".
const DESTINATION = '/app/history';
export const PAGE = 50;
const CATCH_UP_PAGE = 200;

export function latest(connection) {
  return page(connection, { limit: PAGE });
}

export function older(connection, beforeId) {
  return page(connection, { before: beforeId, limit: PAGE });
}

/**
 * Everything after `afterId`, page by page. Each page is handed to onPage as soon as it
 * arrives, so a long absence shows up progressively instead of all at the end.
 * `until` may stop the walk early (e.g. once pages reach messages already on screen).
 */
export async function forward(connection, afterId, onPage, until = () => false) {
  let cursor = afterId;
  for (;;) {
    const messages = await page(connection, { after: cursor, limit: CATCH_UP_PAGE });
    onPage(messages);
    if (messages.length < CATCH_UP_PAGE || until(messages)) return;
    cursor = messages[messages.length - 1].id;
  }
}

async function page(connection, headers) {
  const reply = await connection.request(DESTINATION, headers);
  return Array.isArray(reply) ? reply.filter((m) => Number.isFinite(m?.id)) : [];
}
