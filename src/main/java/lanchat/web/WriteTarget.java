package lanchat.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.websocket.SendHandler;
import lanchat.web.tomcat.Frame;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/** What a {@link SessionWriter} writes to: one WebSocket session. */
interface WriteTarget {

	/** The session's id, for the log. */
	String id();

	/**
	 * Starts writing queued frames, as {@link lanchat.web.tomcat.FrameSocket#write} does.
	 */
	boolean write(Supplier<List<Frame>> take, SendHandler done);

	/** Writes one of Spring's own messages, blocking. */
	void send(WebSocketMessage<?> message) throws IOException;

	/**
	 * Closes the session; a close frame blocked by a full socket waits as long as the
	 * last limit set.
	 */
	void close(CloseStatus status) throws IOException;

	/**
	 * From now on the container's blocking writes to the session give up after
	 * {@code limit}.
	 */
	void limitBlockingWrites(Duration limit);

}
