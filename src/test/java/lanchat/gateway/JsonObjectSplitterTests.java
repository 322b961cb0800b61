package lanchat.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonObjectSplitterTests {

	private static final String FIRST = "{\"type\":\"username\",\"content\":\"小明\"}";

	/** Braces, quotes and backslashes inside strings, a nested object and a 4-byte character. */
	private static final String SECOND = "{\"type\":\"message\",\"content\":\"a } { \\\" \\\\ 😀 é\",\"x\":{\"y\":[1,{}]}}";

	private static final String THIRD = "{\"type\":\"private_message\",\"recipient\":\"Bob\",\"content\":\"}\\\\\"}";

	@Test
	void concatenatedObjectsComeOutOneByOne() {
		JsonObjectSplitter splitter = new JsonObjectSplitter(65536);
		assertThat(strings(splitter.feed(bytes(FIRST + SECOND + THIRD)))).containsExactly(FIRST, SECOND, THIRD);
		assertThat(splitter.takeSkipped()).isZero();
	}

	@Test
	void theSameObjectsComeOutWhereverTheStreamIsCut() {
		byte[] stream = bytes(FIRST + SECOND + "\n" + THIRD);
		for (int cut = 0; cut <= stream.length; cut++) {
			JsonObjectSplitter splitter = new JsonObjectSplitter(65536);
			List<byte[]> objects = new ArrayList<>(splitter.feed(stream, 0, cut));
			objects.addAll(splitter.feed(stream, cut, stream.length - cut));
			assertThat(strings(objects)).as("cut at %d", cut).containsExactly(FIRST, SECOND, THIRD);
		}
	}

	@Test
	void twoCutsAnywhereGiveTheSameObjects() {
		byte[] stream = bytes(FIRST + SECOND);
		for (int first = 0; first <= stream.length; first++) {
			for (int second = first; second <= stream.length; second++) {
				JsonObjectSplitter splitter = new JsonObjectSplitter(65536);
				List<byte[]> objects = new ArrayList<>(splitter.feed(stream, 0, first));
				objects.addAll(splitter.feed(stream, first, second - first));
				objects.addAll(splitter.feed(stream, second, stream.length - second));
				assertThat(strings(objects)).containsExactly(FIRST, SECOND);
			}
		}
	}

	@Test
	void multiByteCharactersFedOneByteAtATimeSurvive() {
		JsonObjectSplitter splitter = new JsonObjectSplitter(65536);
		List<byte[]> objects = new ArrayList<>();
		for (byte b : bytes(FIRST + SECOND)) {
			objects.addAll(splitter.feed(new byte[] { b }, 0, 1));
		}
		assertThat(strings(objects)).containsExactly(FIRST, SECOND);
		assertThat(strings(objects).get(1)).contains("😀 é");
	}

	@Test
	void garbageBetweenObjectsIsSkippedAndCounted() {
		JsonObjectSplitter splitter = new JsonObjectSplitter(65536);
		String garbage = "hello]}\"oops\"42";
		List<byte[]> objects = splitter.feed(bytes(garbage + FIRST + " \r\n\t" + garbage + SECOND + "}"));
		assertThat(strings(objects)).containsExactly(FIRST, SECOND);
		assertThat(splitter.takeSkipped()).isEqualTo(2 * garbage.length() + 1);
		assertThat(splitter.takeSkipped()).isZero();
	}

	@Test
	void whitespaceBetweenObjectsIsNotGarbage() {
		JsonObjectSplitter splitter = new JsonObjectSplitter(65536);
		assertThat(splitter.feed(bytes("  \n" + FIRST + "\r\n"))).hasSize(1);
		assertThat(splitter.takeSkipped()).isZero();
	}

	@Test
	void anObjectLargerThanTheLimitIsRefusedBeforeItIsBuffered() {
		JsonObjectSplitter splitter = new JsonObjectSplitter(100);
		byte[] exact = bytes("{\"content\":\"" + "x".repeat(100 - 14) + "\"}");
		assertThat(exact).hasSize(100);
		assertThat(splitter.feed(exact)).hasSize(1);
		byte[] tooLong = bytes("{\"content\":\"" + "x".repeat(200));
		assertThatThrownBy(() -> splitter.feed(tooLong)).isInstanceOf(FrameTooLarge.class)
			.hasMessageContaining("100 bytes");
	}

	@Test
	void anUnfinishedObjectWaitsForTheRest() {
		JsonObjectSplitter splitter = new JsonObjectSplitter(65536);
		assertThat(splitter.feed(bytes("{\"a\":\"}"))).isEmpty();
		assertThat(splitter.takeRest()).isNull();
		assertThat(strings(splitter.feed(bytes("\"}")))).containsExactly("{\"a\":\"}\"}");
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static List<String> strings(List<byte[]> frames) {
		return frames.stream().map(frame -> new String(frame, StandardCharsets.UTF_8)).toList();
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
