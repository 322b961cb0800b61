package lanchat.web.tomcat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A STOMP frame encoded once, as the WebSocket text frame that carries it, ready to be
 * written to any number of sessions. Its bytes are shared and never changed.
 */
public final class Frame {

	/** A final text frame ({@code FIN} and opcode 1), RFC 6455 section 5.2. */
	private static final int FINAL_TEXT = 0x81;

	/**
	 * The WebSocket frame: a server's (unmasked) frame header, then the STOMP frame in
	 * UTF-8.
	 */
	private final byte[] wire;

	private final int headerLength;

	/**
	 * The STOMP frame as text, made when a write through the public API first needs it
	 * and then shared by every session the frame goes to. Strings are immutable, so two
	 * threads making it at once is harmless.
	 */
	private @Nullable String text;

	private Frame(byte[] wire, int headerLength) {
		this.wire = wire;
		this.headerLength = headerLength;
	}

	/**
	 * The STOMP frame made of {@code parts}, one after the other, in a WebSocket text
	 * frame.
	 */
	public static Frame of(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
		byte[] wire = new byte[headerLength + length];
		wire[0] = (byte) FINAL_TEXT;
		if (headerLength == 2) {
			wire[1] = (byte) length;
		}
		else if (headerLength == 4) {
			wire[1] = 126;
			wire[2] = (byte) (length >>> 8);
			wire[3] = (byte) length;
		}
		else {
			wire[1] = 127;
			for (int i = 0; i < 8; i++) {
				wire[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
			}
		}
		int at = headerLength;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, wire, at, part.length);
			at += part.length;
		}
		return new Frame(wire, headerLength);
	}

	/** What the frame takes in a client's send buffer. */
	public int bytes() {
		return wire.length;
	}

	/** How many of its bytes are the WebSocket frame header. */
	int headerLength() {
		return headerLength;
	}

	/**
	 * The STOMP frame as text, for writing it as a WebSocket message through the
	 * container's API.
	 */
	String text() {
		String made = text;
		if (made == null) {
			made = new String(wire, headerLength, wire.length - headerLength, StandardCharsets.UTF_8);
			text = made;
		}
		return made;
	}

	/**
	 * A view of the whole WebSocket frame for one write, which moves only the view's
	 * position.
	 */
	ByteBuffer buffer() {
		return ByteBuffer.wrap(wire);
	}

}
