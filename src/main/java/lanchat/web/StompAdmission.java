package lanchat.web;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.admission.Admission;
import lanchat.admission.Entry;
import lanchat.admission.JoinRequest;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.identity.Claim;
import lanchat.identity.ClaimRequest;
import lanchat.identity.TokenHandOver;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.ClientAddress;
import lanchat.security.LogText;
import lanchat.system.ChatMetrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * STOMP's way through {@link Admission}: every WebSocket is counted from when it opens
 * until it closes (one over a connection limit gets an ERROR at once), and its CONNECT is
 * let in or refused there.
 * <p>
 * A CONNECT with a password waits for a slow hash, which runs on a pool of its own, and
 * the thread that received the frame must not wait with it. So the CONNECT is held: a
 * stand-in, which no handler sees, goes through the inbound channel in its place. Spring
 * hands a session's frames to the channel one at a time ({@code preserveReceiveOrder}),
 * the next only once the one before has been handled, and the held CONNECT has not been;
 * so the session's later frames wait in their queue, no thread waits, and other sessions'
 * frames go on. When the claim is decided the CONNECT goes through the channel after all
 * (the broker then answers CONNECTED, and the session's next frame follows), or the
 * client gets an ERROR.
 */
@Component
class StompAdmission implements ExecutorChannelInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StompAdmission.class);

	/**
	 * On a held CONNECT that has been let in: the gate passes it on without checking it
	 * again.
	 */
	static final String ADMITTED = "lanchat.admitted";

	/** On what goes through the channel in a held CONNECT's place. */
	private static final String STAND_IN = "lanchat.standIn";

	/** The versions this server speaks; STOMP 1.0 clients are not supported. */
	private static final Set<String> VERSIONS = Set.of("1.2", "1.1");

	private final Admission admission;

	private final StompSessions sessions;

	private final ChatMetrics metrics;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	StompAdmission(Admission admission, StompSessions sessions, ChatMetrics metrics) {
		this.admission = admission;
		this.sessions = sessions;
		this.metrics = metrics;
	}

	/**
	 * Opens an entry for each WebSocket and closes it with the socket; outside
	 * {@link StompSessions#track}.
	 */
	WebSocketHandler track(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				Entry entry = admission.open(session.getId(), ClientAddress.of(session.getAttributes()),
						Transport.STOMP);
				entries.put(session.getId(), entry);
				super.afterConnectionEstablished(session);
				entry.refusal().ifPresent(overLimit -> {
					metrics.frameRefused("connections");
					log.info("Refused session {} as it opened: {}", session.getId(),
							LogText.of(overLimit.getMessage()));
					sessions.refuse(session.getId(), overLimit.code(), overLimit.getMessage(), null);
				});
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				Entry entry = entries.remove(session.getId());
				if (entry != null) {
					admission.close(entry, TokenHandOver.handedOver(session.getAttributes()));
				}
				super.afterConnectionClosed(session, status);
			}
		};
	}

	/**
	 * Admits a CONNECT that passed the gate's checks.
	 * @return the CONNECT to pass on, a stand-in while it is held, or {@code null} when
	 * it was refused
	 */
	@Nullable Message<?> connect(Message<?> message, StompHeaderAccessor frame, MessageChannel channel) {
		String sessionId = frame.getSessionId();
		Entry entry = sessionId == null ? null : entries.get(sessionId);
		if (entry == null) {
			return null;
		}
		if (frame.getAcceptVersion().stream().noneMatch(VERSIONS::contains)) {
			refuse(frame, new Refusal(ErrorCode.BAD_FRAME,
					"CONNECT needs an accept-version header with 1.2 (or 1.1): this server speaks STOMP 1.2"));
			return null;
		}
		CompletableFuture<Claim> joined = admission.join(entry, request(frame));
		if (joined.isDone()) {
			return joined.handle((claim, failure) -> settled(frame, claim, failure)).join() ? message : null;
		}
		joined.whenComplete((claim, failure) -> {
			if (settled(frame, claim, failure)) {
				frame.setHeader(ADMITTED, Boolean.TRUE);
				channel.send(message);
			}
		});
		return MessageBuilder.withPayload(new byte[0]).setHeader(STAND_IN, Boolean.TRUE).build();
	}

	private static JoinRequest request(StompHeaderAccessor frame) {
		Map<String, Object> attributes = frame.getSessionAttributes();
		Object userAgent = attributes == null ? null : attributes.get(ClientAddressInterceptor.USER_AGENT);
		return new JoinRequest(frame.getFirstNativeHeader("access-code"),
				new ClaimRequest(frame.getFirstNativeHeader("username"), frame.getFirstNativeHeader("token"),
						frame.getFirstNativeHeader("password"),
						DeviceLabels.describe(userAgent instanceof String text ? text : null), true));
	}

	/** Gives the CONNECT its identity, or refuses it. @return whether it was let in */
	private boolean settled(StompHeaderAccessor frame, @Nullable Claim claim, @Nullable Throwable failure) {
		if (claim == null || failure != null) {
			RuntimeException why = Admission.unwrap(failure == null ? new IllegalStateException("no claim") : failure);
			if (why instanceof Refusal refusal) {
				refuse(frame, refusal);
			}
			else {
				log.error("Could not let session {} in", frame.getSessionId(), why);
				refuse(frame, new Refusal(ErrorCode.BAD_FRAME, "the server could not let you in; please try again"));
			}
			return false;
		}
		frame.setUser(claim.user());
		Map<String, Object> attributes = frame.getSessionAttributes();
		if (attributes != null) {
			TokenHandOver.keep(attributes, claim);
		}
		return true;
	}

	private void refuse(StompHeaderAccessor frame, Refusal refusal) {
		metrics.frameRefused("auth");
		log.info("Refused {} from session {}: {}", frame.getCommand(), frame.getSessionId(),
				LogText.of(refusal.getMessage()));
		sessions.refuse(frame.getSessionId(), refusal.code(), refusal.getMessage(), frame.getReceipt());
	}

	/**
	 * Who a session is, once admitted. Frames that arrived while its CONNECT was held
	 * were stamped with no user; the gate gives them this one.
	 */
	@Nullable ChatUser userOf(String sessionId) {
		Entry entry = entries.get(sessionId);
		Connection connection = entry == null ? null : entry.connection();
		return connection == null ? null : connection.user();
	}

	/** A stand-in reaches no handler. */
	@Override
	public @Nullable Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
		return Boolean.TRUE.equals(message.getHeaders().get(STAND_IN)) ? null : message;
	}

}
