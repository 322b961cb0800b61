package lanchat.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The open WebSocket sessions by id, so the server can close one (a kicked or banned user).
 */
@Component
class StompSessions {

	private static final Logger log = LoggerFactory.getLogger(StompSessions.class);

	/** Long enough for a last notice queued just before to reach the client. */
	private static final Duration CLOSE_DELAY = Duration.ofMillis(300);

	private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();

	private final TaskScheduler scheduler;

	StompSessions(TaskScheduler taskScheduler) {
		this.scheduler = taskScheduler;
	}

	WebSocketHandler track(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				open.put(session.getId(), session);
				super.afterConnectionEstablished(session);
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

	void closeSoon(String sessionId) {
		scheduler.schedule(() -> close(sessionId, CloseStatus.POLICY_VIOLATION),
				java.time.Instant.now().plus(CLOSE_DELAY));
	}

	void closeAll(CloseStatus status) {
		open.keySet().forEach(id -> close(id, status));
	}

	private void close(String sessionId, CloseStatus status) {
		WebSocketSession session = open.get(sessionId);
		if (session == null) {
			return;
		}
		try {
			session.close(status);
		}
		catch (IOException ex) {
			log.debug("Session {} was already gone: {}", sessionId, ex.getMessage());
		}
	}

}
