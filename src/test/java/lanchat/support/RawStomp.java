package lanchat.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket that speaks STOMP by hand, for frames no well-behaved client would send.
 * Built on the JDK's own WebSocket client, so nothing of the server's stack is shared
 * with it.
 */
public final class RawStomp implements AutoCloseable {

	private final WebSocket socket;

	private final Listener listener;

	private RawStomp(WebSocket socket, Listener listener) {
		this.socket = socket;
		this.listener = listener;
	}

	public static RawStomp open(int port) {
		return open(port, (String) null);
	}

	/** Opens {@code /ws}, sending an {@code Origin} header when one is given. */
	public static RawStomp open(int port, String origin) {
		return open(port, origin, new LinkedBlockingQueue<>());
	}

	/**
	 * Opens {@code /ws} for one of many sockets whose frames all go to {@code frames}, so
	 * a test can wait for whichever answers come, in the order they come.
	 */
	public static RawStomp open(int port, BlockingQueue<String> frames) {
		return open(port, null, frames);
	}

	private static RawStomp open(int port, String origin, BlockingQueue<String> frames) {
		Listener listener = new Listener(frames);
		WebSocket.Builder builder = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5));
		if (origin != null) {
			builder.header("Origin", origin);
		}
		WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener).join();
		return new RawStomp(socket, listener);
	}

	/** Sends a CONNECT for {@code username} and returns the server's answer frame. */
	public String connect(String username) {
		send("CONNECT\naccept-version:1.2\nhost:localhost\nusername:" + username + "\n\n\0");
		return nextFrame();
	}

	public void send(String text) {
		socket.sendText(text, true).join();
	}

	public void sendBinary(byte[] bytes) {
		socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	/** The next whole WebSocket message from the server, heart-beats skipped. */
	public String nextFrame() {
		try {
			while (true) {
				String frame = listener.frames.poll(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
				if (frame == null) {
					throw new AssertionError("no frame arrived within " + StompTestClient.WAIT);
				}
				if (!frame.isBlank()) {
					return frame;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Waits for the next heart-beat from the server, skipping frames. */
	public void nextHeartbeat() {
		try {
			String frame;
			do {
				frame = listener.frames.poll(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
				if (frame == null) {
					throw new AssertionError("no heart-beat arrived within " + StompTestClient.WAIT);
				}
			}
			while (!frame.isBlank());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Waits until the server closes the WebSocket; returns its close code. */
	public int awaitClosed() {
		return awaitClosed(StompTestClient.WAIT);
	}

	public int awaitClosed(Duration within) {
		try {
			return listener.closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("the server did not close the connection within " + within, ex);
		}
	}

	/** The handshake's HTTP status when the server refused to open the WebSocket. */
	public static int refusedHandshake(int port, String origin) {
		try {
			open(port, origin).close();
			return 101;
		}
		catch (java.util.concurrent.CompletionException ex) {
			if (ex.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
				return refused.getResponse().statusCode();
			}
			throw ex;
		}
	}

	public boolean isClosed() {
		return listener.closed.isDone();
	}

	@Override
	public void close() {
		if (!listener.closed.isDone()) {
			socket.abort();
		}
	}

	private static final class Listener implements WebSocket.Listener {

		private final BlockingQueue<String> frames;

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		private Listener(BlockingQueue<String> frames) {
			this.frames = frames;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				frames.add(partial.toString());
				partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed.complete(-1);
		}

	}

}
