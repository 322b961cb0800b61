package lanchat.web.tomcat;

import java.time.Duration;
import java.util.Optional;

import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * {@link SocketWrites} on Tomcat: gathering writes when configured and available, the
 * public API's batching otherwise. Says once, at start, which path it took.
 */
@Component
class TomcatSocketWrites implements SocketWrites {

	private static final Logger log = LoggerFactory.getLogger(TomcatSocketWrites.class);

	/**
	 * Tomcat's per-session limit on how long a blocking write may take (its WebSocket
	 * how-to documents it).
	 */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final Optional<GatheringWrites> gathering;

	private final BatchingWrites batching;

	TomcatSocketWrites(WebSocketProperties properties, WriteCompletions completions, BatchingWrites batching,
			WriteMetrics metrics) {
		this.gathering = properties.writes() == WritePath.GATHERING ? GatheringWrites.lookUp(completions, metrics)
				: Optional.empty();
		this.batching = batching;
		log.info("WebSocket frames are written by {} writes", path().name().toLowerCase(java.util.Locale.ROOT));
	}

	@Override
	public WritePath path() {
		return gathering.isPresent() ? WritePath.GATHERING : WritePath.BATCHING;
	}

	@Override
	public FrameSocket open(WebSocketSession session, Duration blockingWriteLimit) {
		limitBlockingWrites(session, blockingWriteLimit);
		Session container = container(session);
		if (container == null) {
			throw new IllegalStateException("session " + session.getId() + " is not a Jakarta WebSocket session");
		}
		return gathering.flatMap(writes -> writes.of(container)).orElseGet(() -> batching.of(container));
	}

	@Override
	public void keepBuffersSmall(WebSocketSession session) {
		session.setTextMessageSizeLimit(ConnectionBuffers.MESSAGE_BUFFER);
		session.setBinaryMessageSizeLimit(ConnectionBuffers.MESSAGE_BUFFER);
	}

	@Override
	public void limitBlockingWrites(WebSocketSession session, Duration limit) {
		Session container = container(session);
		if (container == null || !container.isOpen()) {
			// closed already (a write that failed because the client went away): nothing
			// more is written to it, and Tomcat refuses to show a closed session's
			// properties
			return;
		}
		try {
			container.getUserProperties().put(BLOCKING_SEND_TIMEOUT, limit.toMillis());
		}
		catch (IllegalStateException closedMeanwhile) {
			log.debug("Session {} closed before its writes were limited", session.getId());
		}
	}

	private static @Nullable Session container(WebSocketSession session) {
		return session instanceof NativeWebSocketSession nativeSession ? nativeSession.getNativeSession(Session.class)
				: null;
	}

}
