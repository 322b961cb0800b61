package lanchat.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A heart-beat is an end of line between frames; an end of line inside a frame split over
 * several WebSocket messages is part of the frame.
 */
class FrameBoundaryTests {

	private final FrameBoundary boundary = new FrameBoundary();

	@Test
	void anEndOfLineBetweenFramesIsAHeartBeat() {
		assertThat(boundary.isHeartbeat(text("\n"))).isTrue();
		assertThat(boundary.isHeartbeat(text("\r\n"))).isTrue();
		assertThat(boundary.isHeartbeat(text("CONNECT\naccept-version:1.2\n\n\0"))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n\n"))).isTrue();
	}

	@Test
	void endsOfLineAfterAFramesNulAreBetweenFrames() {
		assertThat(boundary.isHeartbeat(text("SEND\ndestination:/app/chat.send\n\n{}\0\n"))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).isTrue();
	}

	@Test
	void anEndOfLineInsideAFrameSplitOverMessagesIsPartOfIt() {
		assertThat(boundary.isHeartbeat(text("SEND\ndestination:/app/chat.send\n"))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).as("the blank line before the body").isFalse();
		assertThat(boundary.isHeartbeat(text("{\"content\":\"hi\"}\n"))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).as("still in the body").isFalse();
		assertThat(boundary.isHeartbeat(text("\0"))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).isTrue();
	}

	@Test
	void aMessageHandedOverInPartsIsInsideAFrameUntilItsLastPart() {
		assertThat(boundary.isHeartbeat(new TextMessage("SEND\ndestination:/a\n\n\0", false))).isFalse();
		assertThat(boundary.isHeartbeat(new TextMessage("\n", true))).as("the last part of one message").isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).isTrue();
	}

	@Test
	void aHeartBeatHandedOverInPartsGoesToTheDecoder() {
		assertThat(boundary.isHeartbeat(new TextMessage("\n", false))).isFalse();
		assertThat(boundary.isHeartbeat(new TextMessage("\n", true))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).isTrue();
	}

	@Test
	void binaryMessagesCountToo() {
		assertThat(boundary.isHeartbeat(binary("SEND\ndestination:/a\n"))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).isFalse();
		assertThat(boundary.isHeartbeat(binary("\n{}\0\r\n"))).isFalse();
		assertThat(boundary.isHeartbeat(text("\n"))).isTrue();
		assertThat(boundary.isHeartbeat(binary("\n"))).as("only text heart-beats are skipped").isFalse();
	}

	@Test
	void anEmptyMessageIsNoHeartBeat() {
		assertThat(boundary.isHeartbeat(text(""))).isFalse();
	}

	private static TextMessage text(String payload) {
		return new TextMessage(payload);
	}

	private static BinaryMessage binary(String payload) {
		return new BinaryMessage(payload.getBytes(StandardCharsets.UTF_8));
	}

}
