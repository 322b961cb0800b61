package lanchat.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The key by which names are compared: two names with the same key are the same name, and
 * only one identity can hold it. The server sends it beside names ({@code key},
 * {@code usernameKey}, {@code recipientKey}), so clients compare names exactly as the
 * server does.
 * <p>
 * The key is the name NFKC-normalised, case-folded, then reduced to its confusable
 * skeleton (Unicode TR #39, section 4): each character is replaced by the prototype of
 * the characters that look like it, so {@code Alice}, {@code ALICE}, {@code Аlice} (with
 * a Cyrillic А), {@code A1ice} and {@code Ａｌｉｃｅ} all have the key {@code alice}, and
 * {@code Strauß} and {@code Strauẞ} both {@code strauss}. The key is for comparing, not
 * for showing: it may look odd ({@code m} becomes {@code rn}, which it resembles). Case
 * is folded first, so that every case of a name has one key; the price is that a capital
 * {@code I} is an {@code i} by then, and {@code AIice} does not meet {@code Alice} (a key
 * that joined them would join {@code i} and {@code l} everywhere, and {@code Ali} with
 * {@code All}).
 * <p>
 * The prototypes come from Unicode's confusables data ({@code confusables.txt} beside
 * this class, one line per character that has a prototype), taken from ICU4J's
 * {@code SpoofChecker}, against which the tests check every character. Carrying the table
 * (about 115 KB, 30 KB in the jar) instead of ICU4J (15 MB) keeps the server small; the
 * tests regenerate it when ICU4J is updated.
 */
public final class NameKeys {

	private static final String DATA = "confusables.txt";

	/**
	 * Code points that have a prototype, ascending, and each one's prototype at the same
	 * index.
	 */
	private static final int[] CONFUSABLE;

	private static final String[] PROTOTYPE;

	static {
		List<int[]> codePoints = new ArrayList<>();
		List<String> prototypes = new ArrayList<>();
		try (InputStream in = NameKeys.class.getResourceAsStream(DATA)) {
			if (in == null) {
				throw new IllegalStateException(DATA + " is missing beside " + NameKeys.class.getName());
			}
			BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				String[] fields = line.split("\t", -1);
				StringBuilder prototype = new StringBuilder();
				// an invisible character's prototype is nothing at all
				for (String hex : fields[1].isEmpty() ? new String[0] : fields[1].split(" ")) {
					prototype.appendCodePoint(Integer.parseInt(hex, 16));
				}
				codePoints.add(new int[] { Integer.parseInt(fields[0], 16) });
				prototypes.add(prototype.toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		CONFUSABLE = codePoints.stream().mapToInt(entry -> entry[0]).toArray();
		PROTOTYPE = prototypes.toArray(String[]::new);
		for (int i = 1; i < CONFUSABLE.length; i++) {
			if (CONFUSABLE[i - 1] >= CONFUSABLE[i]) {
				throw new IllegalStateException(DATA + " must list code points in ascending order");
			}
		}
	}

	private NameKeys() {
	}

	/** The key of a name (normalised or not). */
	public static String of(String name) {
		String key = fold(Normalizer.normalize(name.strip(), Normalizer.Form.NFKC));
		// a prototype may be upper case (0 looks like O) or fold to another character: go
		// on until nothing changes
		for (int round = 0; round < 4; round++) {
			String next = fold(skeleton(key));
			if (next.equals(key)) {
				break;
			}
			key = next;
		}
		return key;
	}

	/**
	 * Case folding: lower, upper, then lower case again. Lower-casing alone misses what
	 * only upper-casing unifies ({@code ß} and {@code SS}, {@code ẞ} and {@code ß}); the
	 * first lower-casing brings the capital sharp s, which has no upper-case form of its
	 * own, to the one that does.
	 */
	static String fold(String text) {
		return text.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
	}

	/**
	 * The TR #39 skeleton: NFD, every code point replaced by its prototype, NFD again.
	 */
	static String skeleton(String text) {
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
		StringBuilder skeleton = new StringBuilder(decomposed.length() + 8);
		for (int i = 0; i < decomposed.length();) {
			int cp = decomposed.codePointAt(i);
			i += Character.charCount(cp);
			int at = Arrays.binarySearch(CONFUSABLE, cp);
			if (at >= 0) {
				skeleton.append(PROTOTYPE[at]);
			}
			else {
				skeleton.appendCodePoint(cp);
			}
		}
		return Normalizer.normalize(skeleton, Normalizer.Form.NFD);
	}

}
