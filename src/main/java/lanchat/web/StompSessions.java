package lanchat.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The open WebSocket sessions by id, so the server can refuse or close one.
 * <p>
 * Every session is wrapped so that all writes to the socket are serialised with closing it. That lets
 * {@link #refuse} write an ERROR frame and close in one step: Spring's own ERROR-then-close can lose the
 * ERROR frame when another send to the same session is still finishing.
 */
@Component
class StompSessions {

	private static final Logger log = LoggerFactory.getLogger(StompSessions.class);

	/** Long enough for a last notice queued just before to reach the client. */
	private static final Duration CLOSE_DELAY = Duration.ofMillis(300);

	private static final byte[] EMPTY = new byte[0];

	private final Map<String, SerialSession> open = new ConcurrentHashMap<>();

	private final TaskScheduler scheduler;

	private final StompEncoder encoder = new StompEncoder();

	StompSessions(TaskScheduler taskScheduler) {
		this.scheduler = taskScheduler;
	}

	WebSocketHandler track(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				SerialSession serial = new SerialSession(session);
				open.put(session.getId(), serial);
				super.afterConnectionEstablished(serial);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				open.remove(session.getId());
				super.afterConnectionClosed(session, status);
			}
		};
	}

	int count() {
		return open.size();
	}

	/** Sends an ERROR frame saying why, then closes the session, as STOMP requires after an ERROR. */
	void refuse(String sessionId, String reason, String receipt) {
		SerialSession session = open.get(sessionId);
		if (session == null) {
			return;
		}
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(reason);
		if (receipt != null) {
			error.setReceiptId(receipt);
		}
		session.sendThenClose(new TextMessage(encoder.encode(error.getMessageHeaders(), EMPTY)),
				CloseStatus.PROTOCOL_ERROR);
	}

	void closeSoon(String sessionId) {
		scheduler.schedule(() -> close(sessionId, CloseStatus.POLICY_VIOLATION), Instant.now().plus(CLOSE_DELAY));
	}

	void closeAll(CloseStatus status) {
		open.keySet().forEach(id -> close(id, status));
	}

	private void close(String sessionId, CloseStatus status) {
		SerialSession session = open.get(sessionId);
		if (session != null) {
			session.sendThenClose(null, status);
		}
	}

	/** A session whose writes and close happen one at a time. */
	private static final class SerialSession extends WebSocketSessionDecorator {

		private SerialSession(WebSocketSession session) {
			super(session);
		}

		@Override
		public synchronized void sendMessage(WebSocketMessage<?> message) throws IOException {
			super.sendMessage(message);
		}

		@Override
		public synchronized void close(CloseStatus status) throws IOException {
			super.close(status);
		}

		synchronized void sendThenClose(WebSocketMessage<?> last, CloseStatus status) {
			try {
				if (last != null && isOpen()) {
					super.sendMessage(last);
				}
			}
			catch (IOException | RuntimeException ex) {
				log.debug("Could not send a last frame to session {}: {}", getId(), ex.getMessage());
			}
			try {
				super.close(status);
			}
			catch (IOException ex) {
				log.debug("Session {} was already gone: {}", getId(), ex.getMessage());
			}
		}

	}

}
