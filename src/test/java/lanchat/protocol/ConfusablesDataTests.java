package lanchat.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.util.VersionInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confusables table that {@link NameKeys} carries, against ICU4J's
 * {@link SpoofChecker}, Unicode's reference implementation of TR #39 skeletons. When
 * ICU4J is updated and the table is out of date, regenerate it with
 * {@code mvn -q -o test -Dtest=ConfusablesDataTests -Dlanchat.regenerate-confusables=true}.
 */
class ConfusablesDataTests {

	private static final Path TABLE = Path.of("src/main/resources/lanchat/protocol/confusables.txt");

	private static final SpoofChecker ICU = new SpoofChecker.Builder().build();

	private static final Normalizer2 ICU_NFD = Normalizer2.getNFDInstance();

	@Test
	void theTableIsWhatIcuSays() throws IOException {
		String expected = generate();
		if (Boolean.getBoolean("lanchat.regenerate-confusables")) {
			Files.writeString(TABLE, expected);
		}
		try (InputStream packaged = NameKeys.class.getResourceAsStream("confusables.txt")) {
			assertThat(new String(packaged.readAllBytes(), StandardCharsets.UTF_8))
				.as("confusables.txt is out of date: regenerate it (see this class's comment)")
				.isEqualTo(expected);
		}
	}

	@Test
	void everyCharacterHasIcusSkeleton() {
		List<String> different = new ArrayList<>();
		for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
			if (!comparable(cp)) {
				continue;
			}
			String text = Character.toString(cp);
			if (!NameKeys.skeleton(text).equals(ICU.getSkeleton(text))) {
				different.add(Integer.toHexString(cp));
			}
		}
		assertThat(different).isEmpty();
	}

	@Test
	void namesHaveIcusSkeleton() {
		for (String name : List.of("Alice", "Аlice", "paypal", "раураl", "Strauß", "e\u0301cole", "小明", "नमस्ते",
				"Ωμέγα", "rnississippi", "B0b", "x\u0323\u0302y", "ǅemal")) {
			String decomposedOnce = Normalizer.normalize(name, Normalizer.Form.NFC);
			assertThat(NameKeys.skeleton(decomposedOnce)).as(name).isEqualTo(ICU.getSkeleton(decomposedOnce));
		}
	}

	/**
	 * Every character this Java knows and whose decomposition it agrees on with ICU (a
	 * newer Unicode can add decompositions for characters Java does not know yet).
	 */
	private static boolean comparable(int cp) {
		if (!Character.isDefined(cp) || Character.getType(cp) == Character.SURROGATE) {
			return false;
		}
		String text = Character.toString(cp);
		return Normalizer.normalize(text, Normalizer.Form.NFD).equals(ICU_NFD.normalize(text));
	}

	/**
	 * One line per code point that is its own NFD and has a skeleton of its own: code
	 * point, tab, prototype.
	 */
	private static String generate() {
		StringBuilder table = new StringBuilder();
		table.append("# Confusable prototypes (Unicode TR #39 skeletons), generated from ICU4J ")
			.append(VersionInfo.ICU_VERSION)
			.append(" (Unicode ")
			.append(com.ibm.icu.lang.UCharacter.getUnicodeVersion())
			.append(") by ConfusablesDataTests: do not edit.\n")
			.append("# Code point, tab, the code points of its prototype (already in NFD). The data is Unicode's\n")
			.append("# confusables.txt, (c) Unicode, Inc., under the Unicode License v3.\n");
		for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
			if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
				continue;
			}
			String text = Character.toString(cp);
			if (!ICU_NFD.normalize(text).equals(text)) {
				continue;
			}
			String skeleton = ICU.getSkeleton(text);
			if (!skeleton.equals(text)) {
				table.append(String.format("%04X", cp))
					.append('\t')
					.append(skeleton.codePoints()
						.mapToObj(p -> String.format("%04X", p))
						.collect(Collectors.joining(" ")))
					.append('\n');
			}
		}
		return table.toString();
	}

}
