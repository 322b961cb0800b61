package lanchat.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFrameDecoderTests {

	private static final String FIRST = "{\"type\":\"username\",\"content\":\"小明\"}";

	/**
	 * Braces, quotes and backslashes inside strings, a nested object and a 4-byte
	 * character.
	 */
	private static final String SECOND = "{\"type\":\"message\",\"content\":\"a } { \\\" \\\\ 😀 é\",\"x\":{\"y\":[1,{}]}}";

	private static final String THIRD = "{\"type\":\"private_message\",\"recipient\":\"Bob\",\"content\":\"}\\\\\"}";

	@Test
	void concatenatedObjectsComeOutOneByOne() {
		EmbeddedChannel channel = decoder(65536);
		channel.writeInbound(buffer(bytes(FIRST + SECOND + THIRD)));
		assertThat(frames(channel)).containsExactly(FIRST, SECOND, THIRD);
	}

	@Test
	void theSameObjectsComeOutWhereverTheStreamIsCut() {
		byte[] stream = bytes(FIRST + SECOND + "\n" + THIRD);
		for (int cut = 0; cut <= stream.length; cut++) {
			EmbeddedChannel channel = decoder(65536);
			channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, cut));
			channel.writeInbound(Unpooled.wrappedBuffer(stream, cut, stream.length - cut));
			assertThat(frames(channel)).as("cut at %d", cut).containsExactly(FIRST, SECOND, THIRD);
		}
	}

	@Test
	void twoCutsAnywhereGiveTheSameObjects() {
		byte[] stream = bytes(FIRST + SECOND);
		for (int first = 0; first <= stream.length; first++) {
			for (int second = first; second <= stream.length; second++) {
				EmbeddedChannel channel = decoder(65536);
				channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, first));
				channel.writeInbound(Unpooled.wrappedBuffer(stream, first, second - first));
				channel.writeInbound(Unpooled.wrappedBuffer(stream, second, stream.length - second));
				assertThat(frames(channel)).containsExactly(FIRST, SECOND);
			}
		}
	}

	@Test
	void multiByteCharactersFedOneByteAtATimeSurvive() {
		EmbeddedChannel channel = decoder(65536);
		for (byte b : bytes(FIRST + SECOND)) {
			channel.writeInbound(buffer(new byte[] { b }));
		}
		assertThat(frames(channel)).containsExactly(FIRST, SECOND);
	}

	/**
	 * Netty's JsonObjectDecoder measures the buffer it has gathered, not the object, and
	 * refuses this stream after nine objects.
	 */
	@Test
	void objectsFarBelowTheLimitPassHoweverTheReadsCutThem() {
		String object = "{\"type\":\"message\",\"content\":\"" + "x".repeat(80) + "\"}";
		byte[] stream = bytes(object.repeat(100));
		EmbeddedChannel channel = decoder(1000);
		for (int start = 0; start < stream.length; start += 150) {
			channel.writeInbound(Unpooled.wrappedBuffer(stream, start, Math.min(150, stream.length - start)));
		}
		assertThat(frames(channel)).hasSize(100).containsOnly(object);
	}

	@Test
	void garbageBetweenObjectsIsSkippedAndCounted() {
		EmbeddedChannel channel = decoder(65536);
		String garbage = "hello]}\"oops\"42";
		channel.writeInbound(buffer(bytes(garbage + FIRST + " \r\n\t" + garbage + SECOND + "}")));
		assertThat(frame(channel)).isEqualTo(FIRST);
		assertThat(frame(channel)).isEqualTo(SECOND);
		assertThat((Object) channel.readInbound()).isEqualTo(new JsonFrameDecoder.Skipped(2 * garbage.length() + 1));
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void whitespaceBetweenObjectsIsNotGarbage() {
		EmbeddedChannel channel = decoder(65536);
		channel.writeInbound(buffer(bytes("  \n" + FIRST + "\r\n")));
		assertThat(frames(channel)).containsExactly(FIRST);
	}

	@Test
	void anObjectLargerThanTheLimitIsRefusedBeforeItIsBuffered() {
		EmbeddedChannel channel = decoder(100);
		byte[] exact = bytes("{\"content\":\"" + "x".repeat(100 - 14) + "\"}");
		assertThat(exact).hasSize(100);
		channel.writeInbound(buffer(exact));
		assertThat(frames(channel)).hasSize(1);
		assertThatThrownBy(() -> channel.writeInbound(buffer(bytes("{\"content\":\"" + "x".repeat(200)))))
			.isInstanceOf(TooLongFrameException.class)
			.hasMessageContaining("100 bytes");
	}

	@Test
	void anUnfinishedObjectWaitsForTheRest() {
		EmbeddedChannel channel = decoder(65536);
		channel.writeInbound(buffer(bytes("{\"a\":\"}")));
		assertThat((Object) channel.readInbound()).isNull();
		channel.writeInbound(buffer(bytes("\"}")));
		assertThat(frames(channel)).containsExactly("{\"a\":\"}\"}");
	}

	private static EmbeddedChannel decoder(int maxObjectSize) {
		return new EmbeddedChannel(new JsonFrameDecoder(maxObjectSize));
	}

	/** The next frame, which must be one. */
	static String frame(EmbeddedChannel channel) {
		ByteBuf frame = channel.readInbound();
		assertThat(frame).isNotNull();
		try {
			return frame.toString(StandardCharsets.UTF_8);
		}
		finally {
			frame.release();
		}
	}

	/** Every frame the channel let through so far. */
	static List<String> frames(EmbeddedChannel channel) {
		List<String> frames = new ArrayList<>();
		for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
			ByteBuf bytes = (ByteBuf) frame;
			frames.add(bytes.toString(StandardCharsets.UTF_8));
			bytes.release();
		}
		return frames;
	}

	static ByteBuf buffer(byte[] bytes) {
		return Unpooled.wrappedBuffer(bytes);
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
