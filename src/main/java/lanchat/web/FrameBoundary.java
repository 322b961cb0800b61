package lanchat.web;

import java.nio.ByteBuffer;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Where one session's incoming WebSocket messages leave its STOMP frames, so a heart-beat
 * can be told from the rest of a frame. A heart-beat is an end of line between frames; a
 * client may also split a frame over several WebSocket messages (or the container hand
 * one over in parts), and then an end of line is part of the frame and must reach the
 * decoder. Messages of one session arrive one at a time.
 */
final class FrameBoundary {

	/** Whether the messages so far ended inside a STOMP frame. */
	private volatile boolean insideFrame;

	/** Whether the last message was a part of one, and not its last. */
	private volatile boolean insideMessage;

	/**
	 * Whether {@code message} is only a heart-beat between frames, which STOMP need not
	 * see; for any other message, notes whether it ends inside a frame.
	 */
	boolean isHeartbeat(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text) {
			String payload = text.getPayload();
			int end = lastNonEol(payload);
			if (end < 0 && text.isLast() && !insideFrame && !insideMessage && !payload.isEmpty()) {
				return true;
			}
			passed(end < 0 ? insideFrame : payload.charAt(end) != 0, text.isLast());
		}
		else if (message instanceof BinaryMessage binary) {
			ByteBuffer payload = binary.getPayload();
			int end = lastNonEol(payload);
			passed(end < 0 ? insideFrame : payload.get(end) != 0, binary.isLast());
		}
		return false;
	}

	/**
	 * A frame ends with a NUL, which may be followed by ends of line; a WebSocket message
	 * handed over in parts ends with its last part.
	 */
	private void passed(boolean endsInsideFrame, boolean lastPart) {
		insideFrame = endsInsideFrame;
		insideMessage = !lastPart;
	}

	private static int lastNonEol(String text) {
		int at = text.length() - 1;
		while (at >= 0 && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) {
			at--;
		}
		return at;
	}

	private static int lastNonEol(ByteBuffer bytes) {
		int at = bytes.limit() - 1;
		while (at >= bytes.position() && (bytes.get(at) == '\n' || bytes.get(at) == '\r')) {
			at--;
		}
		return at < bytes.position() ? -1 : at;
	}

}
