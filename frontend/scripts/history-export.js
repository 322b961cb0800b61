import { t } from './i18n.js';

/**
 * "Export my history": everything this person may see, from the server's export
 * (GET /api/history/export, which takes this device's token), saved as one JSON file.
 * Throws an Error whose message says in plain words why it could not.
 */
export async function exportHistory(token) {
  if (!token) throw new Error(t('export.noToken'));
  let response;
  try {
    response = await fetch('/api/history/export?format=json', {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
  } catch {
    throw new Error(t('export.offline'));
  }
  if (!response.ok) throw new Error(t('export.failed', { status: response.status }));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `lanchat-history-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** How long the server keeps messages, or '' when it keeps them for ever (historyDays null or 0). */
export function retentionText(days) {
  if (!days) return '';
  return t(days === 1 ? 'retention.oneDay' : 'retention.days', { count: days });
}
