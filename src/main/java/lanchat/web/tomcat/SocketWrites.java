package lanchat.web.tomcat;

import java.time.Duration;

import org.springframework.web.socket.WebSocketSession;

/**
 * The one door to what lanchat does with Tomcat beyond the public WebSocket API.
 * Everything that depends on Tomcat's insides lives in this package: the gathering write
 * and its executor ({@link WritePath}), the per-connection buffer sizes
 * ({@link ConnectionBuffers}), the refusal of compression ({@link WithoutCompression})
 * and the limit on blocking writes. {@code lanchat.websocket.writes=batching} turns
 * everything that reaches non-public members off.
 */
public interface SocketWrites {

	/**
	 * The path sessions are written by: the configured one, or {@link WritePath#BATCHING}
	 * when gathering was asked for and this Tomcat does not have what it needs (the log
	 * says why).
	 */
	WritePath path();

	/**
	 * Where a newly opened session's queued frames go; from now on a blocking write to it
	 * (the container's and Spring's own) gives up after {@code blockingWriteLimit}.
	 */
	FrameSocket open(WebSocketSession session, Duration blockingWriteLimit);

	/**
	 * Sets a session's message buffers back to the small size every connection gets, once
	 * the STOMP handler (which raises them so a whole frame fits) has started it: frames
	 * are taken in parts.
	 */
	void keepBuffersSmall(WebSocketSession session);

	/** From now on a blocking write to the session gives up after {@code limit}. */
	void limitBlockingWrites(WebSocketSession session, Duration limit);

}
