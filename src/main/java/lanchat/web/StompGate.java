package lanchat.web;

import java.util.List;

import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.protocol.Refusal;
import lanchat.security.Throttled;
import lanchat.system.ChatMetrics;
import org.springframework.beans.factory.ObjectProvider;
import lanchat.security.FrameCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link FrameCheck} on each inbound frame. A refused frame goes no further: the client gets
 * an ERROR frame whose {@code message} header says why, the server closes the connection after it (as
 * STOMP requires), and the refusal is logged in one line. A throttled frame is dropped and the client
 * told why in a {@code system} message; its connection stays.
 * <p>
 * Refusals are answered here rather than by throwing, because Spring's in-order delivery of a session's
 * frames swallows exceptions thrown by interceptors.
 */
@Component
class StompGate implements ChannelInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StompGate.class);

	private final List<FrameCheck> checks;

	private final StompSessions sessions;

	private final ObjectProvider<Delivery> delivery;

	private final ChatMetrics metrics;

	StompGate(List<FrameCheck> checks, StompSessions sessions, ObjectProvider<Delivery> delivery, ChatMetrics metrics) {
		this.checks = List.copyOf(checks);
		this.sessions = sessions;
		this.delivery = delivery;
		this.metrics = metrics;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (frame == null || frame.getCommand() == null) {
			return message;
		}
		if (frame.getSessionId() != null && !sessions.isOpen(frame.getSessionId())) {
			// the rest of a batch of frames from a client that was just refused
			return null;
		}
		FrameCheck current = null;
		try {
			for (FrameCheck check : checks) {
				current = check;
				check.check(frame);
			}
			return message;
		}
		catch (Refusal refusal) {
			metrics.frameRefused(current.refusalReason());
			refuse(frame, refusal.getMessage());
			return null;
		}
		catch (Throttled throttled) {
			metrics.frameRefused(current.refusalReason());
			if (throttled.getMessage() != null && frame.getUser() instanceof ChatUser user && frame.getSessionId() != null) {
				log.info("Throttled {} from session {}: {}", frame.getCommand(), frame.getSessionId(), throttled.getMessage());
				delivery.getObject().system(new Connection(frame.getSessionId(), user, Transport.STOMP), throttled.getMessage());
			}
			return null;
		}
	}

	private void refuse(StompHeaderAccessor frame, String reason) {
		log.info("Refused {} from session {}: {}", frame.getCommand(), frame.getSessionId(), reason);
		sessions.refuse(frame.getSessionId(), reason, frame.getReceipt());
	}

}
