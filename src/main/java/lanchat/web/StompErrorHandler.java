package lanchat.web;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.system.ChatMetrics;
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
 * Turns a frame that could not be read (or a fault of the server) into an ERROR frame whose
 * {@code message} header says why in plain words, and logs it in one line. Frames that were read but
 * refused are answered by {@link StompGate}. Spring then closes the connection, as STOMP requires.
 * Only a fault of the server itself is logged with its stack trace, and the client learns nothing of it.
 */
@Component
class StompErrorHandler extends StompSubProtocolErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(StompErrorHandler.class);

	private final StompSessions sessions;

	private final ChatMetrics metrics;

	StompErrorHandler(StompSessions sessions, ChatMetrics metrics) {
		this.sessions = sessions;
		this.metrics = metrics;
	}

	@Override
	public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
			Throwable ex) {
		String session = sessionOf(clientMessage, sessions.decodingSession());
		String command = commandOf(clientMessage);
		Refusal refusal;
		if (clientMessage == null) {
			// the frame could not even be decoded
			refusal = framingRefusal(ex);
			metrics.frameRefused(refusal.code() == ErrorCode.FRAME_TOO_LARGE ? "size" : "malformed");
			log.info("Refused a malformed frame from session {}: {}", session, refusal.getMessage());
		}
		else if (ex instanceof IllegalStateException state && clientMistake(state) != null) {
			refusal = new Refusal(ErrorCode.BAD_FRAME, clientMistake(state));
			metrics.frameRefused("malformed");
			log.info("Refused {} from session {}: {}", command, session, refusal.getMessage());
		}
		else {
			refusal = new Refusal(ErrorCode.BAD_FRAME, "the server could not handle this frame");
			log.error("Failed to handle {} from session {}", command, session, ex);
		}
		String sessionId = clientMessage != null ? StompHeaderAccessor.getSessionId(clientMessage.getHeaders())
				: sessions.decodingSession();
		if (sessionId != null) {
			sessions.refuse(sessionId, refusal.code(), refusal.getMessage(), null);
			return null;
		}
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(refusal.getMessage());
		error.setNativeHeader("code", refusal.code().wireName());
		return MessageBuilder.createMessage(new byte[0], error.getMessageHeaders());
	}

	/** What Spring reports as a state error but is the client's doing: frames out of STOMP's order. */
	private static @Nullable String clientMistake(IllegalStateException ex) {
		String detail = ex.getMessage() == null ? "" : ex.getMessage();
		if (detail.startsWith("Unknown session")) {
			return "send CONNECT first";
		}
		if (detail.startsWith("Session already exists")) {
			return "this connection is already connected";
		}
		return null;
	}

	private static Refusal framingRefusal(Throwable ex) {
		String detail = ex.getMessage() == null ? "" : ex.getMessage();
		if (detail.contains("buffer size limit")) {
			return new Refusal(ErrorCode.FRAME_TOO_LARGE, "the frame is too large");
		}
		return new Refusal(ErrorCode.BAD_FRAME, "malformed STOMP frame");
	}

	private static String sessionOf(@Nullable Message<byte[]> message, @Nullable String decoding) {
		String id = message == null ? decoding : StompHeaderAccessor.getSessionId(message.getHeaders());
		return id == null ? "?" : id;
	}

	private static String commandOf(@Nullable Message<byte[]> message) {
		if (message == null) {
			return "a frame";
		}
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		return accessor == null || accessor.getCommand() == null ? "a frame" : accessor.getCommand().name();
	}

}
