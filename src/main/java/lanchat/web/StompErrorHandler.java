package lanchat.web;

import java.util.Optional;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.ClientAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Turns a frame that could not be read (or a fault of the server) into an ERROR frame
 * whose {@code message} header says why in plain words. Frames that were read but refused
 * are answered by {@link StompGate}. Spring then closes the connection, as STOMP
 * requires.
 * <p>
 * Spring reads some headers only after the frame has been decoded and before any
 * interceptor sees it ({@code heart-beat}), and checks the order of frames there too;
 * what fails there is the client's doing, so it is a malformed frame like one that could
 * not be decoded at all, and goes through {@link MalformedFrames}. Only a fault of the
 * server itself is logged with its stack trace, and the client learns nothing of it.
 */
@Component
class StompErrorHandler extends StompSubProtocolErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(StompErrorHandler.class);

	private final StompSessions sessions;

	private final MalformedFrames malformed;

	StompErrorHandler(StompSessions sessions, MalformedFrames malformed) {
		this.sessions = sessions;
		this.malformed = malformed;
	}

	@Override
	public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
			Throwable ex) {
		// Spring sets the session id on a frame only once its order has been checked, so
		// the decoding
		// session comes first
		String sessionId = sessions.decodingSession();
		if (sessionId == null && clientMessage != null) {
			sessionId = StompHeaderAccessor.getSessionId(clientMessage.getHeaders());
		}
		Optional<Refusal> clientsFault = clientsFault(clientMessage, ex);
		Refusal refusal;
		if (clientsFault.isPresent()) {
			refusal = clientsFault.get();
			malformed.count(sessionId == null ? "?" : sessionId, addressOf(sessionId, clientMessage), refusal);
		}
		else {
			refusal = new Refusal(ErrorCode.BAD_FRAME, "the server could not handle this frame");
			log.error("Failed to handle {} from session {}", commandOf(clientMessage), sessionId, ex);
		}
		if (sessionId != null) {
			sessions.refuse(sessionId, refusal.code(), refusal.getMessage(), null);
			return null;
		}
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(refusal.getMessage());
		error.setNativeHeader("code", refusal.code().wireName());
		return MessageBuilder.createMessage(new byte[0], error.getMessageHeaders());
	}

	/**
	 * Why the frame is the client's fault, in words for the client; empty if the fault is
	 * the server's.
	 */
	private static Optional<Refusal> clientsFault(@Nullable Message<byte[]> clientMessage, Throwable ex) {
		String detail = ex.getMessage() == null ? "" : ex.getMessage();
		if (clientMessage == null) {
			// the frame could not even be decoded
			return Optional.of(detail.contains("buffer size limit")
					? new Refusal(ErrorCode.FRAME_TOO_LARGE, "the frame is too large")
					: new Refusal(ErrorCode.BAD_FRAME, "malformed STOMP frame"));
		}
		if (ex instanceof IllegalStateException && detail.startsWith("Unknown session")) {
			return Optional.of(new Refusal(ErrorCode.BAD_FRAME, "send CONNECT first"));
		}
		if (ex instanceof IllegalStateException && detail.startsWith("Session already exists")) {
			return Optional.of(new Refusal(ErrorCode.BAD_FRAME, "this connection is already connected"));
		}
		if (ex instanceof IllegalArgumentException) {
			// a header Spring parses before the interceptors, such as heart-beat:a,b
			return Optional.of(new Refusal(ErrorCode.BAD_FRAME,
					badHeartBeat(clientMessage)
							? "the heart-beat header must be two whole numbers, e.g. heart-beat:10000,10000"
							: "malformed STOMP frame"));
		}
		return Optional.empty();
	}

	private static boolean badHeartBeat(Message<byte[]> clientMessage) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
		if (accessor == null) {
			return false;
		}
		try {
			accessor.getHeartbeat();
			return false;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	private String addressOf(@Nullable String sessionId, @Nullable Message<byte[]> clientMessage) {
		Optional<String> open = sessionId == null ? Optional.empty() : sessions.addressOf(sessionId);
		return open.orElseGet(() -> ClientAddress
			.of(clientMessage == null ? null : StompHeaderAccessor.getSessionAttributes(clientMessage.getHeaders())));
	}

	private static String commandOf(@Nullable Message<byte[]> message) {
		if (message == null) {
			return "a frame";
		}
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		return accessor == null || accessor.getCommand() == null ? "a frame" : accessor.getCommand().name();
	}

}
