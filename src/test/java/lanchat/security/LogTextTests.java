package lanchat.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTests {

	@Test
	void lineBreaksAndOtherControlCharactersBecomeEscapes() {
		assertThat(LogText.of("/topic/x\nINFO forged")).isEqualTo("/topic/x\\nINFO forged");
		assertThat(LogText.of("a\r\nb\tc")).isEqualTo("a\\r\\nb\\tc");
		assertThat(LogText.of("bell\u0007 del\u007F nel\u0085 csi\u009B"))
			.isEqualTo("bell\\u0007 del\\u007F nel\\u0085 csi\\u009B");
		assertThat(LogText.of("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
	}

	@Test
	void invisibleFormatCharactersBecomeEscapes() {
		assertThat(LogText.of("evil\u202Etxt.exe")).isEqualTo("evil\\u202Etxt.exe");
		assertThat(LogText.of("iso\u2066late\u2069 zw\u200B")).isEqualTo("iso\\u2066late\\u2069 zw\\u200B");
		assertThat(LogText.of("tag" + Character.toString(0xE0041))).isEqualTo("tag\\u{E0041}");
		assertThat(LogText.of("half\uD800")).isEqualTo("half\\uD800");
	}

	@Test
	void everythingElseStaysAsItIs() {
		String text = "Alice 小明 Ж नमस्ते 😀 \\n \"quoted\"";
		assertThat(LogText.of(text)).isSameAs(text);
		assertThat(LogText.of(null)).isEqualTo("null");
		assertThat(LogText.of(42)).isEqualTo("42");
	}

}
