package lanchat.system;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Counts STOMP clients dropped for not reading. Spring closes them itself when the send
 * buffer or send time limit is exceeded, always with
 * {@link CloseStatus#SESSION_NOT_RELIABLE}, so the close status is the one reliable sign.
 */
@Component
class SlowConsumerListener {

	private final ChatMetrics metrics;

	SlowConsumerListener(ChatMetrics metrics) {
		this.metrics = metrics;
	}

	@EventListener
	void disconnected(SessionDisconnectEvent event) {
		if (CloseStatus.SESSION_NOT_RELIABLE.equalsCode(event.getCloseStatus())) {
			metrics.slowConsumerDisconnect();
		}
	}

}
