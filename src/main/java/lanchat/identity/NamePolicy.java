package lanchat.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;

/**
 * The rules for display names: trimmed, NFKC-normalised, 1-24 code points of letters of any script
 * (with the combining marks scripts such as Devanagari and Thai need), digits, {@code _}, {@code -} and
 * {@code .}. Names are compared case-insensitively through {@link #key(String)}.
 */
public final class NamePolicy {

	public static final int MAX_LENGTH = 24;

	static final String RULE = "username must be 1-24 letters, digits, '_', '-' or '.'";

	private static final Set<String> RESERVED = Set.of("system", "server", "admin");

	private NamePolicy() {
	}

	/**
	 * Returns the name as it will be shown, or refuses it in plain words.
	 */
	public static String normalise(String requested) {
		String name = Normalizer.normalize(requested.strip(), Normalizer.Form.NFKC);
		int length = name.codePointCount(0, name.length());
		if (length < 1 || length > MAX_LENGTH || !allowedCharacters(name)) {
			throw new Refusal(ErrorCode.NAME_INVALID, RULE);
		}
		if (RESERVED.contains(key(name))) {
			throw new Refusal(ErrorCode.NAME_RESERVED, "username \"" + name + "\" is reserved");
		}
		return name;
	}

	/**
	 * The form in which two names are the same person: case-folded, so {@code Bob} and {@code BOB} collide.
	 */
	public static String key(String name) {
		// upper then lower folds the cases a plain lower-casing misses (e.g. German sharp s and "SS")
		String folded = name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
		return Normalizer.normalize(folded, Normalizer.Form.NFKC);
	}

	private static boolean allowedCharacters(String name) {
		boolean afterLetter = false;
		for (int i = 0; i < name.length();) {
			int cp = name.codePointAt(i);
			i += Character.charCount(cp);
			if (Character.isLetter(cp)) {
				afterLetter = true;
			}
			else if (isCombiningMark(cp)) {
				if (!afterLetter) {
					return false;
				}
			}
			else if (Character.isDigit(cp) || cp == '_' || cp == '-' || cp == '.') {
				afterLetter = false;
			}
			else {
				return false;
			}
		}
		return true;
	}

	private static boolean isCombiningMark(int cp) {
		int type = Character.getType(cp);
		return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
				|| type == Character.ENCLOSING_MARK;
	}

}
