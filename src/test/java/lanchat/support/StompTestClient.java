package lanchat.support;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real STOMP client over a real WebSocket (Spring's {@link WebSocketStompClient}), with
 * blocking helpers that fail a test instead of hanging it.
 */
public final class StompTestClient implements AutoCloseable {

	public static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ThreadPoolTaskScheduler HEARTBEATS = heartbeatScheduler();

	/**
	 * A history page of 200 long messages is large; a browser takes it, so must this
	 * client.
	 */
	private static final int MAX_FRAME = 8 * 1024 * 1024;

	private static final jakarta.websocket.WebSocketContainer CONTAINER = container();

	private final StompSession session;

	private final Handler handler;

	private StompTestClient(StompSession session, Handler handler) {
		this.session = session;
		this.handler = handler;
	}

	/**
	 * A message whose {@code content} is exactly {@code text}: to wait for, or a barrier.
	 */
	public static Predicate<JsonNode> content(String text) {
		return message -> text.equals(message.path("content").asString(""));
	}

	/** Connects as {@code username}; fails the test if the server refuses. */
	public static StompTestClient connect(int port, String username) {
		return connect(port, headers(username));
	}

	public static StompHeaders headers(String username) {
		StompHeaders headers = new StompHeaders();
		headers.add("username", username);
		return headers;
	}

	public static StompTestClient connect(int port, StompHeaders connectHeaders) {
		Attempt attempt = attempt(port, connectHeaders);
		if (attempt.client() == null) {
			throw new AssertionError("CONNECT was refused: " + attempt.refusal());
		}
		return attempt.client();
	}

	/**
	 * Connects and expects a refusal; returns the ERROR frame's {@code message} header.
	 */
	public static String refusal(int port, StompHeaders connectHeaders) {
		return refusalError(port, connectHeaders).message();
	}

	/**
	 * Connects and expects a refusal; returns the ERROR frame's {@code code} and
	 * {@code message}.
	 */
	public static StompError refusalError(int port, StompHeaders connectHeaders) {
		Attempt attempt = attempt(port, connectHeaders);
		if (attempt.client() != null) {
			attempt.client().close();
			throw new AssertionError("CONNECT was accepted but should have been refused");
		}
		return attempt.refusal();
	}

	private static Attempt attempt(int port, StompHeaders connectHeaders) {
		WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient(CONTAINER));
		stomp.setInboundMessageSizeLimit(MAX_FRAME);
		stomp.setMessageConverter(new SimpleMessageConverter());
		stomp.setTaskScheduler(HEARTBEATS);
		stomp.setDefaultHeartbeat(new long[] { 0, 0 });
		Handler handler = new Handler();
		try {
			StompSession session = stomp
				.connectAsync("ws://127.0.0.1:" + port + "/ws",
						(org.springframework.web.socket.WebSocketHttpHeaders) null, connectHeaders, handler)
				.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return new Attempt(new StompTestClient(session, handler), null);
		}
		catch (Exception ex) {
			StompError error = handler.errors.poll();
			if (error == null) {
				throw new AssertionError("CONNECT failed without an ERROR frame", ex);
			}
			return new Attempt(null, error);
		}
	}

	private Inbox publicInbox;

	private Inbox privateInbox;

	private Inbox systemInbox;

	private Inbox presenceInbox;

	/**
	 * Subscribes to the room, the private and system queues and presence, as the page
	 * does, and waits until the server has registered them.
	 */
	public StompTestClient listen() {
		publicInbox = subscribe("/topic/public");
		privateInbox = subscribe("/user/queue/private");
		systemInbox = subscribe("/user/queue/system");
		presenceInbox = subscribe("/topic/presence");
		sessionInfo();
		return this;
	}

	/**
	 * The reply to {@code /app/session}. Frames of one connection are handled in order,
	 * so once it is here every earlier frame of this connection has been handled too.
	 */
	public JsonNode sessionInfo() {
		return request("/app/session");
	}

	public Inbox publicInbox() {
		return publicInbox;
	}

	public Inbox privateInbox() {
		return privateInbox;
	}

	public Inbox systemInbox() {
		return systemInbox;
	}

	public Inbox presenceInbox() {
		return presenceInbox;
	}

	/** The next {@code system} reply that contains {@code text}. */
	public JsonNode systemReply(String text) {
		return systemInbox.next(message -> message.path("content").asString("").contains(text));
	}

	/** The next public {@code message} from {@code username} with this content. */
	public JsonNode publicMessage(String username, String content) {
		return publicInbox.next(message -> "message".equals(message.path("type").asString(""))
				&& username.equals(message.path("username").asString(""))
				&& content.equals(message.path("content").asString("")));
	}

	public Inbox subscribe(String destination) {
		return subscribe(destination, new StompHeaders());
	}

	public Inbox subscribe(String destination, StompHeaders extra) {
		Inbox inbox = new Inbox(destination);
		StompHeaders headers = new StompHeaders();
		headers.putAll(extra);
		headers.setDestination(destination);
		session.subscribe(headers, inbox);
		return inbox;
	}

	/**
	 * Subscribes to an {@code /app} destination that answers once, and returns the
	 * answer.
	 */
	public JsonNode request(String destination, StompHeaders extra) {
		return subscribe(destination, extra).next();
	}

	public JsonNode request(String destination) {
		return request(destination, new StompHeaders());
	}

	public void send(String destination, String json) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
		session.send(headers, json.getBytes(StandardCharsets.UTF_8));
	}

	public void say(String content) {
		send("/app/chat.send", message("message", content, null));
	}

	/**
	 * Says {@code count} messages, each its number and {@code filler}, without waiting
	 * between them; returns them once the last has come back to this client (which must
	 * {@link #listen}).
	 */
	public List<String> sayAll(int count, String filler) {
		List<String> said = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			said.add(i + " " + filler);
			say(said.get(i));
		}
		String last = said.get(count - 1);
		publicInbox.next(m -> last.equals(m.path("content").asString("")));
		return said;
	}

	public void whisper(String recipient, String content) {
		send("/app/chat.send", message("private_message", content, recipient));
	}

	public static String message(String type, String content, String recipient) {
		var node = JSON.createObjectNode().put("type", type).put("content", content);
		if (recipient != null) {
			node.put("recipient", recipient);
		}
		return node.toString();
	}

	/** The {@code message} header of the next ERROR frame the server sends. */
	public String nextError() {
		return nextStompError().message();
	}

	/** The next ERROR frame the server sends. */
	public StompError nextStompError() {
		try {
			StompError error = handler.errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			if (error == null) {
				throw new AssertionError("no ERROR frame arrived within " + WAIT);
			}
			return error;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Waits until the server has closed the connection (or this client has): Spring's
	 * session reports a connection it did not close itself as a transport error.
	 */
	public void awaitClosed() {
		try {
			if (!handler.closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("the server did not close the connection within " + WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	public boolean isConnected() {
		return session.isConnected() && handler.closed.getCount() > 0;
	}

	@Override
	public void close() {
		if (session.isConnected()) {
			try {
				session.disconnect();
			}
			catch (org.springframework.messaging.MessageDeliveryException closedMeanwhile) {
				// the server closed the socket (or died) before the session noticed
				// it: there is no one left to say goodbye to
			}
		}
		handler.closed.countDown();
	}

	private static jakarta.websocket.WebSocketContainer container() {
		jakarta.websocket.WebSocketContainer container = jakarta.websocket.ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(MAX_FRAME);
		container.setDefaultMaxBinaryMessageBufferSize(MAX_FRAME);
		return container;
	}

	private static ThreadPoolTaskScheduler heartbeatScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	private record Attempt(StompTestClient client, StompError refusal) {
	}

	/**
	 * An ERROR frame's {@code code} and {@code message} headers ({@code null} code when
	 * it had none).
	 */
	public record StompError(String code, String message) {
	}

	private static final class Handler extends StompSessionHandlerAdapter {

		private final BlockingQueue<StompError> errors = new LinkedBlockingQueue<>();

		/**
		 * Opened by a transport error, which is how Spring's session reports a connection
		 * lost or closed by the server, or by {@link StompTestClient#close}.
		 */
		private final CountDownLatch closed = new CountDownLatch(1);

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			String message = headers.getFirst("message");
			errors.add(new StompError(headers.getFirst("code"), message == null ? "" : message));
		}

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			closed.countDown();
		}

		@Override
		public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
				Throwable exception) {
			throw new AssertionError("STOMP client failed on " + command, exception);
		}

	}

	/**
	 * What arrived on one subscription, in order.
	 */
	public static final class Inbox implements StompFrameHandler {

		private final String destination;

		private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

		private Inbox(String destination) {
			this.destination = destination;
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			// a reply holding a list stays one element: it is one page
			received.add(JSON.readTree((byte[]) payload));
		}

		/** The next message; fails if none arrives in time. */
		public JsonNode next() {
			try {
				JsonNode next = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				if (next == null) {
					throw new AssertionError("nothing arrived on " + destination + " within " + WAIT);
				}
				return next;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}

		/** Skips messages until one matches; fails if none does in time. */
		public JsonNode next(Predicate<JsonNode> wanted) {
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (System.nanoTime() < deadline) {
				try {
					JsonNode next = received.poll(50, TimeUnit.MILLISECONDS);
					if (next != null && wanted.test(next)) {
						return next;
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError(ex);
				}
			}
			throw new AssertionError("no matching message arrived on " + destination + " within " + WAIT);
		}

		/**
		 * Everything that arrives before the first message that matches, which is
		 * dropped; fails if none does in time. With a barrier, a message that is sent
		 * after whatever must not arrive and travels the same way to this client, it
		 * shows that something did not arrive without waiting for a while.
		 */
		public List<JsonNode> before(Predicate<JsonNode> barrier) {
			List<JsonNode> before = new ArrayList<>();
			for (JsonNode next = next(); !barrier.test(next); next = next()) {
				before.add(next);
			}
			return before;
		}

		/**
		 * Everything that has arrived so far and was not read yet. Whether something did
		 * not arrive is known only after a barrier ({@link #before}).
		 */
		public List<JsonNode> arrived() {
			List<JsonNode> all = new ArrayList<>();
			received.drainTo(all);
			return all;
		}

	}

}
