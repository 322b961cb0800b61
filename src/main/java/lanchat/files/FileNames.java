package lanchat.files;

import java.text.Normalizer;

import org.jspecify.annotations.Nullable;

/**
 * Makes an uploaded file's name safe to show and to offer for saving. The name is never
 * used as a path on the server (stored bytes are named by their hash), but it is shown to
 * everyone and suggested to their browsers: so no directories, no control or bidi
 * characters (which could make "photo‮gpj.exe" read as "photoexe.jpg"), nothing a file
 * system refuses, and a bounded length that keeps the extension.
 */
final class FileNames {

	static final int MAX_LENGTH = 120;

	private static final int MAX_EXTENSION = 16;

	private static final String FALLBACK = "file";

	private FileNames() {
	}

	static String safe(@Nullable String submitted) {
		String name = submitted == null ? "" : submitted;
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		name = Normalizer.normalize(name, Normalizer.Form.NFC);
		StringBuilder kept = new StringBuilder(name.length());
		name.codePoints().forEach(codePoint -> {
			if (allowed(codePoint)) {
				kept.appendCodePoint("<>:\"|?*".indexOf(codePoint) >= 0 ? '_' : codePoint);
			}
		});
		String cleaned = strip(kept.toString());
		return cleaned.isEmpty() ? FALLBACK : shorten(cleaned);
	}

	private static boolean allowed(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
					Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE ->
				false;
			default -> true;
		};
	}

	/** No leading dots (no "..", no hidden files) and no spaces or dots at either end. */
	private static String strip(String name) {
		int start = 0;
		int end = name.length();
		while (start < end && (name.charAt(start) == '.' || Character.isWhitespace(name.charAt(start)))) {
			start++;
		}
		while (end > start && (name.charAt(end - 1) == '.' || Character.isWhitespace(name.charAt(end - 1)))) {
			end--;
		}
		return name.substring(start, end);
	}

	private static String shorten(String name) {
		if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
		String stem = name.substring(0, name.length() - extension.length());
		int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
		return strip(stem.substring(0, stem.offsetByCodePoints(0, keep))) + extension;
	}

}
