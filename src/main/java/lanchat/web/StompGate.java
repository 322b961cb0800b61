package lanchat.web;

import java.util.List;

import lanchat.chat.InboundChat;
import lanchat.chat.JsonObjects;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.protocol.Destinations;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.security.FrameCheck;
import lanchat.security.LogText;
import lanchat.security.Throttled;
import lanchat.system.ChatMetrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every {@link FrameCheck} on each inbound frame, then hands a CONNECT to
 * {@link StompAdmission}. A refused frame goes no further: the client gets an ERROR frame
 * whose {@code message} header says why, the server closes the connection after it (as
 * STOMP requires), and the refusal is logged in one line. A throttled frame is dropped
 * and the client told why in a {@code system} message; its connection stays.
 * <p>
 * Refusals are answered here rather than by throwing, because Spring's in-order delivery
 * of a session's frames swallows exceptions thrown by interceptors.
 */
@Component
class StompGate implements ChannelInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StompGate.class);

	private final List<FrameCheck> checks;

	private final StompSessions sessions;

	private final StompAdmission admission;

	private final Delivery delivery;

	private final ChatMetrics metrics;

	private final JsonMapper json;

	StompGate(List<FrameCheck> checks, StompSessions sessions, StompAdmission admission, Delivery delivery,
			ChatMetrics metrics, JsonMapper json) {
		this.checks = List.copyOf(checks);
		this.sessions = sessions;
		this.admission = admission;
		this.delivery = delivery;
		this.metrics = metrics;
		this.json = json;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (frame == null || frame.getCommand() == null
				|| Boolean.TRUE.equals(frame.getHeader(StompAdmission.ADMITTED))) {
			return message;
		}
		if (frame.getSessionId() != null && !sessions.isOpen(frame.getSessionId())) {
			// the rest of a batch of frames from a client that was just refused
			return null;
		}
		if (frame.getUser() == null && frame.getSessionId() != null) {
			ChatUser user = admission.userOf(frame.getSessionId());
			if (user != null) {
				frame.setUser(user);
			}
		}
		FrameCheck current = null;
		try {
			for (FrameCheck check : checks) {
				current = check;
				check.check(frame);
			}
			if (frame.getCommand() == StompCommand.CONNECT || frame.getCommand() == StompCommand.STOMP) {
				return admission.connect(message, frame, channel);
			}
			return message;
		}
		catch (Refusal refusal) {
			metrics.frameRefused(current.refusalReason());
			refuse(frame, refusal);
			return null;
		}
		catch (Throttled throttled) {
			metrics.frameRefused(current.refusalReason());
			if (throttled.getMessage() != null && frame.getUser() instanceof ChatUser user
					&& frame.getSessionId() != null) {
				log.info("Throttled {} from session {}: {}", frame.getCommand(), frame.getSessionId(),
						LogText.of(throttled.getMessage()));
				delivery.toConnection(new Connection(frame.getSessionId(), user, Transport.STOMP),
						ServerMessage.refusal(ErrorCode.RATE_LIMITED, throttled.getMessage())
							.withClientId(clientIdOf(frame, message.getPayload())));
			}
			return null;
		}
	}

	private void refuse(StompHeaderAccessor frame, Refusal refusal) {
		log.info("Refused {} from session {}: {}", frame.getCommand(), frame.getSessionId(),
				LogText.of(refusal.getMessage()));
		sessions.refuse(frame.getSessionId(), refusal.code(), refusal.getMessage(), frame.getReceipt());
	}

	/**
	 * The {@code clientId} of a chat message that is dropped, so that the client can tell
	 * which one it was.
	 */
	private @Nullable String clientIdOf(StompHeaderAccessor frame, Object payload) {
		if (!Destinations.SEND_CHAT.equals(frame.getDestination()) || !(payload instanceof byte[] body)) {
			return null;
		}
		String clientId = JsonObjects.read(json, body).map(object -> JsonObjects.text(object, "clientId")).orElse(null);
		return clientId != null && InboundChat.validClientId(clientId) ? clientId : null;
	}

}
