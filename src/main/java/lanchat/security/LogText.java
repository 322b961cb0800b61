package lanchat.security;

import org.jspecify.annotations.Nullable;

/**
 * Text a client chose (destinations, names, reasons, headers, TCP input), made safe for a
 * log line: line breaks, other control characters (C0, DEL, C1), invisible format
 * characters (bidi overrides and isolates, zero-width characters), line and paragraph
 * separators and unpaired surrogates are written as escapes ({@code \n}, {@code \r},
 * {@code \t}, and a backslash, {@code u} and the hex code point for the rest, e.g.
 * {@code 202E} or {@code {E0041}}). So a client cannot start a line of its own that
 * passes for the server's, nor turn the rest of a line around in a terminal. Everything
 * else, any script and emoji included, stays as it is.
 * <p>
 * Every log line that includes client text passes that text through {@link #of}.
 */
public final class LogText {

	private LogText() {
	}

	/**
	 * {@code value} as a string (or {@code null}) with every unsafe character escaped.
	 */
	public static String of(@Nullable Object value) {
		String text = String.valueOf(value);
		int first = firstUnsafe(text);
		if (first < 0) {
			return text;
		}
		StringBuilder safe = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length();) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			if (!unsafe(cp)) {
				safe.appendCodePoint(cp);
			}
			else if (cp == '\n') {
				safe.append("\\n");
			}
			else if (cp == '\r') {
				safe.append("\\r");
			}
			else if (cp == '\t') {
				safe.append("\\t");
			}
			else if (cp <= 0xFFFF) {
				safe.append(String.format("\\u%04X", cp));
			}
			else {
				safe.append(String.format("\\u{%X}", cp));
			}
		}
		return safe.toString();
	}

	private static int firstUnsafe(String text) {
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			if (unsafe(cp)) {
				return i;
			}
			i += Character.charCount(cp);
		}
		return -1;
	}

	private static boolean unsafe(int cp) {
		return switch (Character.getType(cp)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.SURROGATE ->
				true;
			default -> false;
		};
	}

}
