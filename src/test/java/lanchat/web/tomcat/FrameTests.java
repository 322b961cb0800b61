package lanchat.web.tomcat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame is one final, unmasked WebSocket text frame (RFC 6455 section 5.2) around the
 * STOMP frame, with the length in the shortest form the RFC allows.
 */
class FrameTests {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 125, 126, 127, 65535, 65536, 70000 })
	void theHeaderGivesTheLengthInTheFormTheRfcRequiresForIt(int length) {
		byte[] payload = "x".repeat(length).getBytes(StandardCharsets.UTF_8);
		Frame frame = Frame.of(payload);
		ByteBuffer wire = frame.buffer();

		assertThat(wire.get() & 0xFF).as("FIN, text").isEqualTo(0x81);
		int second = wire.get() & 0xFF;
		assertThat(second & 0x80).as("a server does not mask").isZero();
		long declared = second & 0x7F;
		if (length < 126) {
			assertThat(declared).isEqualTo(length);
		}
		else if (length <= 0xFFFF) {
			assertThat(declared).isEqualTo(126);
			declared = wire.getShort() & 0xFFFF;
		}
		else {
			assertThat(declared).isEqualTo(127);
			declared = wire.getLong();
		}
		assertThat(declared).isEqualTo(length);
		assertThat(wire.remaining()).isEqualTo(length);
		assertThat(frame.headerLength()).isEqualTo(wire.position());
		assertThat(frame.bytes()).isEqualTo(wire.limit());
	}

	@Test
	void thePartsFollowEachOtherAndReadBackAsTheStompFrame() {
		Frame frame = Frame.of("MESSAGE\nsubscription:".getBytes(StandardCharsets.UTF_8),
				"sub-小明".getBytes(StandardCharsets.UTF_8), "\n\n{}\0".getBytes(StandardCharsets.UTF_8));

		assertThat(frame.text()).isEqualTo("MESSAGE\nsubscription:sub-小明\n\n{}\0");
		assertThat(frame.bytes()).isEqualTo(2 + frame.text().getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void eachWriteGetsItsOwnViewOfTheSharedBytes() {
		Frame frame = Frame.of(new byte[] { 'a', 'b' });
		ByteBuffer first = frame.buffer();
		first.position(first.limit());

		assertThat(frame.buffer().remaining()).isEqualTo(4);
	}

}
