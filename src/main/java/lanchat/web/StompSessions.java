package lanchat.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import lanchat.LanchatProperties;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.moderation.ConnectionAddresses;
import lanchat.protocol.ErrorCode;
import lanchat.security.ClientAddress;
import lanchat.system.ChatMetrics;
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
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The open WebSocket sessions by id, so the server can refuse or close one, and the limits that apply
 * to a WebSocket before STOMP sees it: connections per address and in all, valid UTF-8.
 * <p>
 * Every session is wrapped so that all writes to the socket are serialised with closing it. That lets
 * {@link #refuse} write an ERROR frame and close in one step: Spring's own ERROR-then-close can lose the
 * ERROR frame when another send to the same session is still finishing.
 */
@Component
class StompSessions implements ConnectionAddresses {

	private static final Logger log = LoggerFactory.getLogger(StompSessions.class);

	/** Long enough for a last notice queued just before to reach the client. */
	private static final Duration CLOSE_DELAY = Duration.ofMillis(300);

	private static final byte[] EMPTY = new byte[0];

	/** Tomcat's per-session limit on how long a blocking write may take. */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final Map<String, SerialSession> open = new ConcurrentHashMap<>();

	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

	/** The session whose frame this thread is decoding, for errors reported without one. */
	private final ThreadLocal<String> decoding = new ThreadLocal<>();

	private final TaskScheduler scheduler;

	private final LanchatProperties.Limits limits;

	private final StompEncoder encoder = new StompEncoder();

	private final ChatMetrics metrics;

	private final WriteCompletions completions;

	private final GatheringWrites writes;

	private final FanoutLanes lanes;

	StompSessions(TaskScheduler taskScheduler, LanchatProperties properties, ChatMetrics metrics,
			WriteCompletions completions, GatheringWrites writes, FanoutLanes lanes) {
		this.scheduler = taskScheduler;
		this.limits = properties.limits();
		this.metrics = metrics;
		this.completions = completions;
		this.writes = writes;
		this.lanes = lanes;
	}

	WebSocketHandler track(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				SerialSession serial = new SerialSession(session, limits.sendTimeLimit());
				String address = ClientAddress.of(session.getAttributes());
				open.put(session.getId(), serial);
				int fromAddress = perAddress.merge(address, 1, Integer::sum);
				super.afterConnectionEstablished(serial);
				// STOMP raised these to 16 KiB so a whole frame fits; frames arrive in parts here, so the
				// container's per-session buffers can stay small (see ConnectionBuffers)
				session.setTextMessageSizeLimit(ConnectionBuffers.MESSAGE_BUFFER);
				session.setBinaryMessageSizeLimit(ConnectionBuffers.MESSAGE_BUFFER);
				if (fromAddress > limits.connectionsPerAddress()) {
					metrics.frameRefused("connections");
					refuse(session.getId(), ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from your address (at most "
							+ limits.connectionsPerAddress() + ")", null);
				}
				else if (open.size() > limits.maxConnections()) {
					metrics.frameRefused("connections");
					refuse(session.getId(), ErrorCode.SERVER_FULL,
							"the chat is full (" + limits.maxConnections() + " connections)", null);
				}
			}

			@Override
			public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
				SerialSession serial = open.get(session.getId());
				if (serial == null || serial.closing) {
					return;
				}
				if (message instanceof BinaryMessage binary && !serial.utf8.accept(binary.getPayload(), binary.isLast())) {
					metrics.frameRefused("malformed");
					refuse(session.getId(), ErrorCode.BAD_FRAME, "frames must be valid UTF-8", null);
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
			 * Taking messages in parts keeps the container's per-connection buffers small, and lets a frame
			 * over the limit reach STOMP (which answers it with an ERROR) however large it is.
			 */
			@Override
			public boolean supportsPartialMessages() {
				return true;
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				SerialSession closed = open.remove(session.getId());
				if (closed != null) {
					// nothing more is written, nor tried again later
					closed.closing = true;
					closed.pending.clear();
					perAddress.computeIfPresent(ClientAddress.of(session.getAttributes()),
							(address, count) -> count > 1 ? count - 1 : null);
				}
				super.afterConnectionClosed(session, status);
			}
		};
	}

	@Override
	public Optional<String> addressOf(Connection connection) {
		SerialSession session = connection.transport() == Transport.STOMP ? open.get(connection.id()) : null;
		return session == null ? Optional.empty() : Optional.of(ClientAddress.of(session.getAttributes()));
	}

	/** Whether the session is open and has not been refused. */
	boolean isOpen(String sessionId) {
		SerialSession session = open.get(sessionId);
		return session != null && !session.closing;
	}

	/** The session whose frame the calling thread is decoding, if any. */
	@Nullable String decodingSession() {
		return decoding.get();
	}

	/**
	 * Sends an ERROR frame saying why (in words, and as a {@code code} header), then closes the session, as
	 * STOMP requires after an ERROR.
	 */
	void refuse(String sessionId, ErrorCode code, String reason, @Nullable String receipt) {
		SerialSession session = open.get(sessionId);
		if (session == null) {
			return;
		}
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(reason);
		error.setNativeHeader("code", code.wireName());
		if (receipt != null) {
			error.setReceiptId(receipt);
		}
		session.sendThenClose(new TextMessage(encoder.encode(error.getMessageHeaders(), EMPTY)),
				CloseStatus.PROTOCOL_ERROR);
	}

	void closeSoon(String sessionId) {
		scheduler.schedule(() -> close(sessionId, CloseStatus.POLICY_VIOLATION), Instant.now().plus(CLOSE_DELAY));
	}

	private void close(String sessionId, CloseStatus status) {
		SerialSession session = open.get(sessionId);
		if (session != null) {
			session.sendThenClose(null, status);
		}
	}

	/**
	 * Queues a pre-encoded frame for a session without ever waiting on its socket: broadcasts go through
	 * here, so one client that stops reading cannot hold up anyone else. A client with more than
	 * {@code lanchat.limits.send-buffer-size} queued, or one write pending longer than
	 * {@code send-time-limit}, is dropped.
	 */
	void enqueue(String sessionId, Frame frame) {
		SerialSession session = open.get(sessionId);
		if (session != null) {
			session.enqueue(frame);
		}
	}

	/**
	 * A session whose writes happen one at a time: Spring's own (blocking) writes and queued broadcast
	 * frames (written asynchronously, one write of one or more frames in flight) take turns. Its last
	 * frame before a close is written in the same turn as the close, and a close does not wait long for a
	 * write that is stuck on a client that stopped reading: that is exactly the client being dropped.
	 */
	private final class SerialSession extends WebSocketSessionDecorator {

		private static final long CLOSE_WAIT_MILLIS = 200;

		/**
		 * A write takes queued frames until it holds this much (and one frame more at most), so a client
		 * that fell behind catches up in writes of a size its socket takes in a few steps. The send time
		 * limit counts from when a write, or the first refused try at it, began.
		 */
		private static final long MAX_WRITE_BYTES = 32 * 1024;

		/** And at most this many frames, well under the system's limit on buffers per write. */
		private static final int MAX_WRITE_FRAMES = 64;

		/** The longest pause between tries while the container is busy writing to the client itself. */
		private static final long MAX_RETRY_MILLIS = 100;

		/** How long closing a client that stopped reading may wait for its socket. */
		private static final long DROP_CLOSE_WAIT_MILLIS = 50;

		private final Semaphore writing = new Semaphore(1);

		private final Queue<Frame> pending = new ConcurrentLinkedQueue<>();

		private final AtomicLong pendingBytes = new AtomicLong();

		/** When the write in flight, or the first refused try at it, began; 0 when none is waiting. */
		private volatile long writeWaitingSince;

		private final jakarta.websocket.@Nullable Session container;

		private final GatheringWrites.@Nullable Target socket;

		private final AtomicBoolean drainQueued = new AtomicBoolean();

		private final AtomicBoolean retryScheduled = new AtomicBoolean();

		private final AtomicInteger busyRetries = new AtomicInteger();

		private final Runnable drainAfterBurst = () -> {
			drainQueued.set(false);
			drain();
		};

		private final Utf8 utf8 = new Utf8();

		/** Set once the server has decided to close, or the session has closed; later frames either way are ignored. */
		private volatile boolean closing;

		private SerialSession(WebSocketSession session, Duration sendTimeLimit) {
			super(session);
			this.container = session instanceof NativeWebSocketSession nativeSession
					? nativeSession.getNativeSession(jakarta.websocket.Session.class) : null;
			this.socket = container == null ? null : writes.of(container);
			// a client that stops reading blocks a write to it; give up after the send time limit
			if (container != null) {
				container.getUserProperties().put(BLOCKING_SEND_TIMEOUT, sendTimeLimit.toMillis());
			}
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			if (!tryLock(limits.sendTimeLimit().toMillis())) {
				// the client stopped reading: dropped as any such client is, and Spring is told why
				drop();
				throw new IOException(Thread.currentThread().isInterrupted() ? "interrupted while waiting to write"
						: "a write to this client has not finished in " + limits.sendTimeLimit());
			}
			try {
				super.sendMessage(message);
			}
			finally {
				writing.release();
			}
			drain();
		}

		void enqueue(Frame frame) {
			if (closing) {
				return;
			}
			long queued = pendingBytes.addAndGet(frame.bytes());
			long started = writeWaitingSince;
			if (queued > limits.sendBufferSize()
					|| (started != 0 && System.nanoTime() - started > limits.sendTimeLimit().toNanos())) {
				log.info("Dropped session {}: it stopped reading ({} bytes waiting)", getId(), queued);
				drop();
				return;
			}
			pending.add(frame);
			// on a lane, frames queued by the rest of its burst go out in the same write
			if (drainQueued.compareAndSet(false, true)) {
				lanes.afterBurst(drainAfterBurst);
			}
		}

		/**
		 * Writes queued frames, one write in flight at a time and as many frames as are waiting in each,
		 * until the queue is empty or a write is pending. While the container is writing something of its
		 * own, tries again a little later.
		 */
		private void drain() {
			// a write of Spring's waiting for its turn goes first (it drains after itself), so a client reading
			// just slower than its feed still gets its heart-beats and receipts
			while (!closing && !pending.isEmpty() && socket != null && !writing.hasQueuedThreads()
					&& writing.tryAcquire()) {
				// whichever of the caller and the completion comes second carries on with the queue, so a
				// write that completes at once does not recurse, and one that completes later is not stuck
				AtomicInteger turn = new AtomicInteger();
				// the completion can run inside the write, before it throws: only one of them ends the write
				AtomicBoolean ended = new AtomicBoolean();
				AtomicBoolean started = new AtomicBoolean();
				if (writeWaitingSince == 0) {
					// not reset while the container is busy, so the send time limit counts from the first try
					writeWaitingSince = System.nanoTime();
				}
				try {
					completions.writeInPlace(() -> started.set(socket.write(this::takeQueued, result -> {
						if (!endWrite(ended)) {
							return;
						}
						if (!result.isOK()) {
							drop();
						}
						else if (turn.getAndIncrement() == 1) {
							drain();
						}
					})));
				}
				catch (RuntimeException ex) {
					endWrite(ended);
					log.debug("Could not write to session {}: {}", getId(), ex.getMessage());
					return;
				}
				if (!started.get()) {
					writing.release();
					retryLater();
					return;
				}
				busyRetries.set(0);
				if (turn.getAndIncrement() == 0) {
					return;
				}
			}
		}

		/** After 1, 2, 4 ... and at most {@value #MAX_RETRY_MILLIS} ms; once, however many callers found it busy. */
		private void retryLater() {
			if (retryScheduled.compareAndSet(false, true)) {
				long delay = Math.min(MAX_RETRY_MILLIS, 1L << Math.min(busyRetries.getAndIncrement(), 10));
				try {
					scheduler.schedule(() -> {
						retryScheduled.set(false);
						drain();
					}, Instant.now().plusMillis(delay));
				}
				catch (RejectedExecutionException stopping) {
					retryScheduled.set(false);
					closing = true;
					log.debug("Session {} is not written to any more: the server is stopping", getId());
				}
			}
		}

		private List<Frame> takeQueued() {
			List<Frame> frames = new ArrayList<>();
			long bytes = 0;
			Frame next;
			while (frames.size() < MAX_WRITE_FRAMES && bytes < MAX_WRITE_BYTES && (next = pending.poll()) != null) {
				frames.add(next);
				bytes += next.bytes();
			}
			pendingBytes.addAndGet(-bytes);
			if (!frames.isEmpty()) {
				metrics.framesWritten(frames.size());
			}
			return frames;
		}

		private boolean endWrite(AtomicBoolean ended) {
			if (!ended.compareAndSet(false, true)) {
				return false;
			}
			writeWaitingSince = 0;
			writing.release();
			return true;
		}

		/**
		 * Closes a client that stopped reading. The caller is the thread fanning out the room's messages,
		 * so the close (which may wait briefly on the stuck socket) happens on the scheduler instead, and
		 * nothing more is queued for the client meanwhile.
		 */
		private void drop() {
			if (closing) {
				return;
			}
			closing = true;
			pending.clear();
			pendingBytes.set(0);
			// the close handshake waits on the stuck write; whichever thread closes must not wait long
			waitBrieflyToClose();
			try {
				scheduler.schedule(() -> {
					try {
						super.close(CloseStatus.SESSION_NOT_RELIABLE);
					}
					catch (IOException | RuntimeException ex) {
						log.debug("Session {} was already gone: {}", getId(), ex.getMessage());
					}
				}, Instant.now());
			}
			catch (RejectedExecutionException stopping) {
				log.debug("Session {} is left to the server's stop: {}", getId(), stopping.getMessage());
			}
		}

		@Override
		public void close(CloseStatus status) throws IOException {
			sendThenClose(null, status);
		}

		void sendThenClose(@Nullable WebSocketMessage<?> last, CloseStatus status) {
			closing = true;
			boolean locked = tryLock(CLOSE_WAIT_MILLIS);
			if (!locked) {
				// a write is stuck on a client that stopped reading, and the close frame would wait behind it
				waitBrieflyToClose();
			}
			try {
				if (locked && last != null && isOpen()) {
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
			finally {
				if (locked) {
					writing.release();
				}
			}
		}

		private void waitBrieflyToClose() {
			if (container != null) {
				container.getUserProperties().put(BLOCKING_SEND_TIMEOUT, DROP_CLOSE_WAIT_MILLIS);
			}
		}

		private boolean tryLock(long millis) {
			try {
				return writing.tryAcquire(millis, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

}
