package lanchat.identity;

import lanchat.protocol.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamePolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "Alice", "小明", "नमस्ते", "สวัสดี", "bob_the-2nd.", "Ωμέγα", "a", "abcdefghijklmnopqrstuvwx" })
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

	@ParameterizedTest
	@ValueSource(strings = { "system", "Server", "ADMIN" })
	void reservesTheServersOwnNames(String name) {
		assertThatThrownBy(() -> NamePolicy.normalise(name)).isInstanceOf(Refusal.class).hasMessageContaining("reserved");
	}

	@Test
	void countsCodePointsNotCharUnits() {
		String twentyFourHan = "𠀀".repeat(24);
		assertThat(NamePolicy.normalise(twentyFourHan)).isEqualTo(twentyFourHan);
		assertThatThrownBy(() -> NamePolicy.normalise("𠀀".repeat(25))).isInstanceOf(Refusal.class);
	}

}
