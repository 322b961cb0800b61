package lanchat.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.security.ClientAddress;
import lanchat.system.ChatMetrics;
import lanchat.web.tomcat.Frame;
import lanchat.web.tomcat.FrameSocket;
import lanchat.web.tomcat.SocketWrites;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The open WebSocket sessions by id, so the server can write to, refuse or close one, and
 * what a WebSocket must pass before STOMP sees it: valid UTF-8 (its connection limits are
 * {@link StompAdmission}'s).
 * <p>
 * Every session is wrapped so that all its writes go through its {@link SessionWriter},
 * one at a time and serialised with closing it. That lets {@link #refuse} write an ERROR
 * frame and close in one step: Spring's own ERROR-then-close can lose the ERROR frame
 * when another send to the same session is still finishing.
 */
@Component
class StompSessions {

	private static final Logger log = LoggerFactory.getLogger(StompSessions.class);

	/** Long enough for a last notice queued just before to reach the client. */
	private static final Duration CLOSE_DELAY = Duration.ofMillis(300);

	private static final byte[] EMPTY = new byte[0];

	/** A STOMP heart-beat: one end of line. */
	private static final Frame HEARTBEAT = Frame.of(new byte[] { '\n' });

	private final Map<String, OpenSession> open = new ConcurrentHashMap<>();

	/**
	 * The session whose frame this thread is decoding, for errors reported without one.
	 */
	private final ThreadLocal<String> decoding = new ThreadLocal<>();

	private final StompEncoder encoder = new StompEncoder();

	private final SessionWriter.Limits writeLimits;

	private final SocketWrites sockets;

	private final FanoutLanes lanes;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final ChatMetrics metrics;

	private final MalformedFrames malformed;

	StompSessions(LanchatProperties properties, SocketWrites sockets, FanoutLanes lanes, TaskScheduler taskScheduler,
			ChatMetrics metrics, MalformedFrames malformed) {
		this.writeLimits = new SessionWriter.Limits(properties.limits().sendBufferSize(),
				properties.limits().sendTimeLimit());
		this.sockets = sockets;
		this.lanes = lanes;
		this.scheduler = taskScheduler;
		// the scheduler's own clock: timers of the write path are real time, even where a
		// test moves the
		// application's clock by hours (names released, mutes run out)
		this.clock = taskScheduler.getClock();
		this.metrics = metrics;
		this.malformed = malformed;
	}

	WebSocketHandler track(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				OpenSession serial = new OpenSession(session, sockets.open(session, writeLimits.writeTime()));
				open.put(session.getId(), serial);
				super.afterConnectionEstablished(serial);
				sockets.keepBuffersSmall(session);
			}

			@Override
			public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
				OpenSession serial = open.get(session.getId());
				if (serial == null || serial.writer.isClosing()) {
					return;
				}
				serial.heartbeat.heard();
				if (message instanceof BinaryMessage binary
						&& !serial.utf8.accept(binary.getPayload(), binary.isLast())) {
					Refusal invalid = new Refusal(ErrorCode.BAD_FRAME, "frames must be valid UTF-8");
					malformed.count(session.getId(), serial.address, invalid);
					refuse(session.getId(), invalid.code(), invalid.getMessage(), null);
					return;
				}
				if (serial.boundary.isHeartbeat(message)) {
					// nothing to decode: a heart-beat only says the client is there
					return;
				}
				decoding.set(session.getId());
				try {
					super.handleMessage(session, message);
				}
				finally {
					decoding.remove();
				}
			}

			/**
			 * Taking messages in parts keeps the container's per-connection buffers
			 * small, and lets a frame over the limit reach STOMP (which answers it with
			 * an ERROR) however large it is.
			 */
			@Override
			public boolean supportsPartialMessages() {
				return true;
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				OpenSession closed = open.remove(session.getId());
				if (closed != null) {
					closed.writer.stopWriting();
				}
				super.afterConnectionClosed(session, status);
			}
		};
	}

	/** The network address of an open session. */
	Optional<String> addressOf(String sessionId) {
		OpenSession session = open.get(sessionId);
		return session == null ? Optional.empty() : Optional.of(session.address);
	}

	/** Whether the session is open and has not been refused. */
	boolean isOpen(String sessionId) {
		OpenSession session = open.get(sessionId);
		return session != null && !session.writer.isClosing();
	}

	/** The session whose frame the calling thread is decoding, if any. */
	@Nullable String decodingSession() {
		return decoding.get();
	}

	/**
	 * Sends an ERROR frame saying why (in words, and as a {@code code} header), then
	 * closes the session, as STOMP requires after an ERROR.
	 */
	void refuse(String sessionId, ErrorCode code, String reason, @Nullable String receipt) {
		OpenSession session = open.get(sessionId);
		if (session == null) {
			return;
		}
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(reason);
		error.setNativeHeader("code", code.wireName());
		if (receipt != null) {
			error.setReceiptId(receipt);
		}
		session.writer.sendThenClose(new TextMessage(encoder.encode(error.getMessageHeaders(), EMPTY)),
				CloseStatus.PROTOCOL_ERROR);
	}

	/**
	 * Closes the session shortly, after what was queued for it just before has gone out.
	 */
	void closeSoon(String sessionId) {
		scheduler.schedule(() -> {
			OpenSession session = open.get(sessionId);
			if (session != null) {
				session.writer.sendThenClose(null, CloseStatus.POLICY_VIOLATION);
			}
		}, clock.instant().plus(CLOSE_DELAY));
	}

	/**
	 * Where pre-encoded frames for an open session are queued without ever waiting on its
	 * socket: broadcasts go through here, so one client that stops reading cannot hold up
	 * anyone else. Null if the session is closed or closing.
	 */
	@Nullable FrameSink sink(String sessionId) {
		OpenSession session = open.get(sessionId);
		return session == null || session.writer.isClosing() ? null : session;
	}

	/**
	 * Agrees a connecting session's heart-beats from its CONNECT's {@code client} and the
	 * server's {@code offer}, each {@code [send every, receive every]} in ms.
	 */
	void agreeHeartbeats(String sessionId, long[] client, long[] offer) {
		OpenSession session = open.get(sessionId);
		if (session != null) {
			session.heartbeat.agree(client, offer, clock.millis());
		}
	}

	/**
	 * Writes a heart-beat to every session that was sent nothing for its interval, and
	 * closes every session that sent nothing for three of its own.
	 */
	void checkHeartbeats() {
		long now = clock.millis();
		for (OpenSession session : open.values()) {
			if (session.writer.isClosing()) {
				// already on its way out: no heart-beat, and no second close
				continue;
			}
			switch (session.heartbeat.check(now)) {
				case BEAT -> session.writer.enqueue(HEARTBEAT);
				case SILENT -> closeSilent(session);
				case NOTHING -> {
				}
			}
		}
	}

	private void closeSilent(OpenSession session) {
		long silence = session.heartbeat.silenceAllowed();
		log.info("Closed session {}: nothing from it, not even a heart-beat, for {} ms", session.getId(), silence);
		// closing may wait briefly on a socket that stopped taking bytes: not on this
		// loop
		scheduler.schedule(
				() -> session.writer.sendThenClose(null,
						CloseStatus.SESSION_NOT_RELIABLE.withReason("no heart-beat for " + silence + " ms")),
				clock.instant());
	}

	/**
	 * A session as Spring's STOMP handler sees it: its writes and its close go through
	 * its writer.
	 */
	private final class OpenSession extends WebSocketSessionDecorator implements FrameSink {

		private final String address;

		private final Utf8Validator utf8 = new Utf8Validator();

		private final SessionWriter writer;

		private final Heartbeat heartbeat;

		private final FrameBoundary boundary = new FrameBoundary();

		private OpenSession(WebSocketSession session, FrameSocket socket) {
			super(session);
			this.address = ClientAddress.of(session.getAttributes());
			this.heartbeat = new Heartbeat(clock.millis());
			this.writer = new SessionWriter(new SessionTarget(session, socket, sockets), writeLimits, lanes::afterBurst,
					scheduler, clock);
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			heartbeat.wrote();
			writer.send(message);
		}

		@Override
		public void enqueue(Frame frame) {
			heartbeat.wrote();
			writer.enqueue(frame);
		}

		@Override
		public void close(CloseStatus status) {
			writer.sendThenClose(null, status);
		}

	}

}
