package lanchat.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ValidatorTests {

	@Test
	void aCharacterSplitAcrossPartsIsAcceptedAtEveryCut() {
		byte[] text = "SEND\n\n小明 says 你好 😀\0".getBytes(StandardCharsets.UTF_8);
		for (int cut = 0; cut <= text.length; cut++) {
			Utf8Validator utf8 = new Utf8Validator();
			assertThat(utf8.accept(ByteBuffer.wrap(text, 0, cut), false)).as("first part, cut at %d", cut).isTrue();
			assertThat(utf8.accept(ByteBuffer.wrap(text, cut, text.length - cut), true)).as("cut at %d", cut).isTrue();
		}
	}

	@Test
	void invalidBytesAreRefusedWhereverTheyAre() {
		assertThat(new Utf8Validator().accept(ByteBuffer.wrap(new byte[] { 'a', (byte) 0xC3, '(' }), true)).isFalse();
		assertThat(new Utf8Validator().accept(ByteBuffer.wrap(new byte[] { (byte) 0xFF }), false)).isFalse();
		Utf8Validator truncated = new Utf8Validator();
		assertThat(truncated.accept(ByteBuffer.wrap(new byte[] { 'a', (byte) 0xE4, (byte) 0xBD }), false)).isTrue();
		assertThat(truncated.accept(ByteBuffer.wrap(new byte[0]), true)).as("a message may not end mid-character")
			.isFalse();
	}

	@Test
	void theValidatorStartsAfreshForEachMessage() {
		Utf8Validator utf8 = new Utf8Validator();
		assertThat(utf8.accept(ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8)), true)).isTrue();
		assertThat(utf8.accept(ByteBuffer.wrap("second 😀".getBytes(StandardCharsets.UTF_8)), true)).isTrue();
	}

}
