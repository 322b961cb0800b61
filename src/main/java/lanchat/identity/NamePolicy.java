package lanchat.identity;

import java.text.Normalizer;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.NameKeys;
import lanchat.protocol.Refusal;

/**
 * The rules for display names: trimmed, NFKC-normalised, 1-24 code points of letters of
 * any script (with the combining marks scripts such as Devanagari and Thai need), digits,
 * {@code _}, {@code -} and {@code .}, and no invisible characters (Unicode's
 * default-ignorable code points: a combining grapheme joiner, variation selectors, Hangul
 * fillers, ... are marks or letters, yet show nothing). Names are compared through
 * {@link #key(String)}: case-insensitively and by their confusable skeleton, so a name
 * that looks like a held one is that name.
 */
public final class NamePolicy {

	public static final int MAX_LENGTH = 24;

	static final String RULE = "username must be 1-24 letters, digits, '_', '-' or '.'";

	static final String INVISIBLE = "username must not contain invisible characters";

	/** Compared by key, so their look-alikes are reserved too. */
	private static final Set<String> RESERVED = Stream.of("system", "server", "admin")
		.map(NameKeys::of)
		.collect(Collectors.toUnmodifiableSet());

	/**
	 * Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), which
	 * the JDK does not expose; {@code NamePolicyTests} checks them against ICU4J's.
	 */
	private static final int[][] DEFAULT_IGNORABLE = { { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x061C, 0x061C },
			{ 0x115F, 0x1160 }, { 0x17B4, 0x17B5 }, { 0x180B, 0x180F }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
			{ 0x2060, 0x206F }, { 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 },
			{ 0xFFF0, 0xFFF8 }, { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF } };

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
		// marks and letters that show nothing: Alice with a combining grapheme joiner
		// looks like Alice
		if (name.codePoints().anyMatch(NamePolicy::isDefaultIgnorable)) {
			throw new Refusal(ErrorCode.NAME_INVALID, INVISIBLE);
		}
		if (RESERVED.contains(key(name))) {
			throw new Refusal(ErrorCode.NAME_RESERVED, "username \"" + name + "\" is reserved");
		}
		return name;
	}

	/**
	 * The form in which two names are the same person ({@link NameKeys}): {@code Bob},
	 * {@code BOB} and {@code B0b} collide, and so do {@code Alice} and {@code Аlice} with
	 * a Cyrillic {@code А}.
	 */
	public static String key(String name) {
		return NameKeys.of(name);
	}

	static boolean isDefaultIgnorable(int cp) {
		for (int[] range : DEFAULT_IGNORABLE) {
			if (cp >= range[0] && cp <= range[1]) {
				return true;
			}
		}
		return false;
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
