// Mirrors the server's name rule so most mistakes are caught before a round trip;
// the server stays the judge and its refusal is shown as it words it.
const NAME = /^(?:\p{L}\p{M}*|\p{Nd}|[_.-])+$/u;
// marks and letters that show nothing (a variation selector, a Hangul filler): the server refuses them
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const RESERVED = new Set(['system', 'server', 'admin']);
const MAX_CODE_POINTS = 24;

export function normaliseName(raw) {
  return String(raw ?? '').trim().normalize('NFKC');
}

/** Returns an i18n key describing what is wrong with the (normalised) name, or null. */
export function nameProblem(name) {
  if (name.length === 0) return 'name.empty';
  if ([...name].length > MAX_CODE_POINTS) return 'name.tooLong';
  if (!NAME.test(name)) return 'name.chars';
  if (INVISIBLE.test(name)) return 'name.invisible';
  if (RESERVED.has(name.toLowerCase())) return 'name.reserved';
  return null;
}
