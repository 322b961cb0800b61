package lanchat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * Text as the seed's clients show it: they print what they receive straight to a
 * terminal, each read on a line of its own. So a user's text must not be able to start a
 * line of its own there, or one message could print lines that look like another sender's
 * ({@code [Alice] ...}, {@code [Private from Alice] ...}). Every line break in a message
 * starts a line indented by {@link #INDENT}, and a line too long for one write goes on in
 * indented lines too; the text dialect makes sure that only these lines start with a
 * space.
 */
final class TerminalText {

	/** What every line after a message's first starts with. */
	static final String INDENT = "    ";

	/**
	 * Every kind of line break: CR LF, LF, CR, vertical tab, form feed, NEL, line and
	 * paragraph separators.
	 */
	private static final Pattern LINE_BREAK = Pattern.compile("\\R");

	private static final int REPLACEMENT = 0xFFFD;

	private TerminalText() {
	}

	/**
	 * The text with each line break followed by {@link #INDENT}, and control characters
	 * other than tab replaced: a browser user's escape sequences could otherwise clear or
	 * recolour the terminal.
	 */
	static String indented(String text) {
		return String.join("\n" + INDENT, lines(text));
	}

	/**
	 * The text as whole lines, each ending in a newline, in writes of at most
	 * {@code maxBytes} UTF-8 bytes. Lines after the first are indented; a line longer
	 * than one write is cut between characters and goes on in indented lines. A write
	 * never ends inside a line, so a client that prints each read on a line of its own
	 * prints the same lines.
	 */
	static List<byte[]> writes(String text, int maxBytes) {
		List<byte[]> writes = new ArrayList<>(1);
		StringBuilder write = new StringBuilder();
		int writeBytes = 0;
		String prefix = "";
		for (String line : lines(text)) {
			int start = 0;
			do {
				int end = fit(line, start, maxBytes - prefix.length() - 1, TerminalText::utf8Length);
				String shown = prefix + line.substring(start, end) + "\n";
				int bytes = shown.getBytes(StandardCharsets.UTF_8).length;
				if (writeBytes + bytes > maxBytes) {
					writes.add(write.toString().getBytes(StandardCharsets.UTF_8));
					write.setLength(0);
					writeBytes = 0;
				}
				write.append(shown);
				writeBytes += bytes;
				prefix = INDENT;
				start = end;
			}
			while (start < line.length());
		}
		writes.add(write.toString().getBytes(StandardCharsets.UTF_8));
		return writes;
	}

	/**
	 * Cuts text into pieces of at most {@code maxBytes}, where {@code size} says what
	 * each code point costs; never inside a code point. Always at least one piece,
	 * possibly empty.
	 */
	static List<String> cut(String text, int maxBytes, IntUnaryOperator size) {
		List<String> pieces = new ArrayList<>(1);
		int start = 0;
		do {
			int end = fit(text, start, maxBytes, size);
			pieces.add(text.substring(start, end));
			start = end;
		}
		while (start < text.length());
		return pieces;
	}

	/**
	 * Where the longest piece of text from {@code start} that costs at most
	 * {@code maxBytes} ends; at least one code point on, so that cutting always moves
	 * forward.
	 */
	private static int fit(String text, int start, int maxBytes, IntUnaryOperator size) {
		int bytes = 0;
		int end = start;
		while (end < text.length()) {
			int codePoint = text.codePointAt(end);
			bytes += size.applyAsInt(codePoint);
			if (bytes > maxBytes && end > start) {
				break;
			}
			end += Character.charCount(codePoint);
		}
		return end;
	}

	/** How many bytes a code point takes in UTF-8. */
	static int utf8Length(int codePoint) {
		return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
	}

	private static List<String> lines(String text) {
		return LINE_BREAK.splitAsStream(text).map(TerminalText::printable).toList();
	}

	private static String printable(String line) {
		StringBuilder out = null;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (Character.getType(c) == Character.CONTROL && c != '\t') {
				if (out == null) {
					out = new StringBuilder(line.length()).append(line, 0, i);
				}
				out.appendCodePoint(REPLACEMENT);
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return out == null ? line : out.toString();
	}

}
