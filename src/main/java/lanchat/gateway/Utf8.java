package lanchat.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Strict UTF-8 in, terminal-safe text out, and text cut into pieces that fit the seed clients' reads.
 */
final class Utf8 {

	private static final int REPLACEMENT = 0xFFFD;

	private Utf8() {
	}

	/** Decodes a whole message; malformed or truncated UTF-8 is an error, never silently replaced. */
	static String decode(byte[] bytes) throws CharacterCodingException {
		return StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(bytes))
			.toString();
	}

	/** How many bytes a code point takes in UTF-8. */
	static int length(int codePoint) {
		return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
	}

	/**
	 * Replaces control characters other than newline and tab: the seed's clients print what they get
	 * straight to a terminal, where a browser user's escape sequences could clear or recolour it.
	 */
	static String printable(String text) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t') {
				if (out == null) {
					out = new StringBuilder(text.length()).append(text, 0, i);
				}
				out.appendCodePoint(REPLACEMENT);
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return out == null ? text : out.toString();
	}

	/**
	 * Cuts text into pieces of at most {@code maxBytes}, where {@code size} says what each code point
	 * costs; never inside a code point. Always at least one piece, possibly empty.
	 */
	static List<String> split(String text, int maxBytes, IntUnaryOperator size) {
		List<String> pieces = new ArrayList<>(1);
		int start = 0;
		int bytes = 0;
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			int cost = size.applyAsInt(codePoint);
			if (bytes + cost > maxBytes && i > start) {
				pieces.add(text.substring(start, i));
				start = i;
				bytes = 0;
			}
			bytes += cost;
			i += Character.charCount(codePoint);
		}
		pieces.add(text.substring(start));
		return pieces;
	}

}
