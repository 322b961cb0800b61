package lanchat.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import lanchat.protocol.NameKeys;
import lanchat.protocol.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamePolicyTests {

	@ParameterizedTest
	@ValueSource(
			strings = { "Alice", "小明", "नमस्ते", "สวัสดี", "bob_the-2nd.", "Ωμέγα", "a", "abcdefghijklmnopqrstuvwx" })
	void acceptsLettersOfAnyScriptDigitsAndThreeMarks(String name) {
		assertThat(NamePolicy.normalise(name)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "two words", "al\u200Bice", "\u202Eevil", "tab\tname", "semi;colon", "emoji😀",
			"abcdefghijklmnopqrstuvwxy", "\u0301accent", "<b>", "new\nline", "zero\u200Dwidth", "\u2066isolate" })
	void refusesSpacesControlFormatAndOverlongNames(String name) {
		assertThatThrownBy(() -> NamePolicy.normalise(name)).isInstanceOf(Refusal.class)
			.hasMessage("username must be 1-24 letters, digits, '_', '-' or '.'");
	}

	@Test
	void trimsAndNormalisesCompatibilityForms() {
		assertThat(NamePolicy.normalise("  ＡＬＩＣＥ  ")).isEqualTo("ALICE");
		assertThat(NamePolicy.normalise("e\u0301")).isEqualTo("é");
	}

	@Test
	void comparesCaseInsensitively() {
		assertThat(NamePolicy.key("Bob")).isEqualTo(NamePolicy.key("BOB")).isEqualTo(NamePolicy.key("bOb"));
		assertThat(NamePolicy.key("Straße")).isEqualTo(NamePolicy.key("STRASSE"));
	}

	@Test
	void sharpSAndCapitalSharpSAreOneName() {
		assertThat(NamePolicy.key("Strauẞ")).isEqualTo(NamePolicy.key("Strauß"))
			.isEqualTo(NamePolicy.key("STRAUSS"))
			.isEqualTo(NamePolicy.key("strauss"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0410lice", "\u0391lice", "A1ice", "ALICE", "Ａｌｉｃｅ", "Alic\u0435", "\u0410LI\u0421E" })
	void lookAlikesOfANameHaveItsKey(String lookAlike) {
		assertThat(NamePolicy.key(NamePolicy.normalise(lookAlike))).as(lookAlike).isEqualTo(NamePolicy.key("Alice"));
	}

	@Test
	void differentNamesKeepDifferentKeys() {
		List<String> names = List.of("Alice", "Alicia", "Bob", "Rob", "小明", "小红", "Ωμέγα", "Омега", "नमस्ते", "Ann",
				"Anna");
		assertThat(names.stream().map(NamePolicy::key).distinct()).hasSameSizeAs(names);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Alice\u034F", "Alice\uFE0F", "Alice\u180B", "Al\u17B4ice", "\u3164Alice", "Ali\uFFA0ce",
			"Alice\uDB40\uDD00" })
	void refusesInvisibleMarksAndFillers(String name) {
		assertThatThrownBy(() -> NamePolicy.normalise(name)).as(name)
			.isInstanceOf(Refusal.class)
			.hasMessage("username must not contain invisible characters");
	}

	@Test
	void theInvisibleCharactersAreUnicodesDefaultIgnorables() {
		List<String> different = new ArrayList<>();
		for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
			if (NamePolicy.isDefaultIgnorable(cp) != UCharacter.hasBinaryProperty(cp,
					UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
				different.add(Integer.toHexString(cp));
			}
		}
		assertThat(different).isEmpty();
	}

	@Test
	void aNewConfusablesTableComesWithAMigrationOfTheKeys() throws Exception {
		byte[] table;
		try (var in = NameKeys.class.getResourceAsStream("confusables.txt")) {
			table = in.readAllBytes();
		}
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(table));
		assertThat(sha256)
			.as("the confusables table changed, and with it every name key: add a Flyway migration "
					+ "that calls V5__NameKeysByLookAlike.recomputeKeys, and note the new table's SHA-256 there")
			.isEqualTo(V5__NameKeysByLookAlike.CONFUSABLES_SHA256);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0430dmin", "SYSTEM", "5erver", "adrnin" })
	void reservesLookAlikesOfTheServersNames(String name) {
		if (!"5erver".equals(name)) {
			assertThatThrownBy(() -> NamePolicy.normalise(name)).as(name)
				.isInstanceOf(Refusal.class)
				.hasMessageContaining("reserved");
		}
		else {
			assertThat(NamePolicy.normalise(name)).as("5 does not look like S").isEqualTo(name);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "system", "Server", "ADMIN" })
	void reservesTheServersOwnNames(String name) {
		assertThatThrownBy(() -> NamePolicy.normalise(name)).isInstanceOf(Refusal.class)
			.hasMessageContaining("reserved");
	}

	@Test
	void countsCodePointsNotCharUnits() {
		String twentyFourHan = "𠀀".repeat(24);
		assertThat(NamePolicy.normalise(twentyFourHan)).isEqualTo(twentyFourHan);
		assertThatThrownBy(() -> NamePolicy.normalise("𠀀".repeat(25))).isInstanceOf(Refusal.class);
	}

}
