package lanchat.web.tomcat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public path against a WebSocket session that records what it is asked to do: the
 * frames are sent in order with batching allowed, batching is turned off again after them
 * (which flushes), and all of it happens on the path's own threads, never the caller's.
 */
class BatchingWritesTests {

	private final BatchingWrites batching = new BatchingWrites();

	private final List<String> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		batching.destroy();
	}

	@Test
	void framesAreSentInOrderWithBatchingAllowedAndThenFlushed() throws Exception {
		FrameSocket socket = batching.of(session(null));
		CompletableFuture<SendResult> done = new CompletableFuture<>();
		Thread caller = Thread.currentThread();
		CompletableFuture<Thread> writer = new CompletableFuture<>();

		boolean started = socket.write(() -> {
			writer.complete(Thread.currentThread());
			return List.of(frame("MESSAGE\n\none\0"), frame("MESSAGE\n\ntwo\0"));
		}, done::complete);

		assertThat(started).isTrue();
		assertThat(done.get(10, TimeUnit.SECONDS).isOK()).isTrue();
		assertThat(calls).containsExactly("batching true", "text MESSAGE\n\none\0", "text MESSAGE\n\ntwo\0",
				"batching false");
		assertThat(writer.get()).isNotSameAs(caller);
	}

	@Test
	void aSendThatFailsEndsTheWriteWithItsErrorAndStopsBatching() throws Exception {
		IOException reset = new IOException("reset");
		FrameSocket socket = batching.of(session(reset));
		CompletableFuture<SendResult> done = new CompletableFuture<>();

		socket.write(() -> List.of(frame("MESSAGE\n\none\0")), done::complete);

		SendResult result = done.get(10, TimeUnit.SECONDS);
		assertThat(result.isOK()).isFalse();
		assertThat(result.getException()).isSameAs(reset);
		assertThat(calls).containsExactly("batching true", "batching false");
	}

	@Test
	void nothingToWriteTouchesNothing() throws Exception {
		CompletableFuture<SendResult> done = new CompletableFuture<>();

		batching.of(session(null)).write(List::of, done::complete);

		assertThat(done.get(10, TimeUnit.SECONDS).isOK()).isTrue();
		assertThat(calls).isEmpty();
	}

	private static Frame frame(String stomp) {
		return Frame.of(stomp.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A session whose blocking remote records every call, and fails every text send with
	 * {@code failure}.
	 */
	private Session session(IOException failure) {
		RemoteEndpoint.Basic remote = proxy(RemoteEndpoint.Basic.class, (method, args) -> {
			switch (method) {
				case "setBatchingAllowed" -> calls.add("batching " + args[0]);
				case "sendText" -> {
					if (failure != null) {
						throw failure;
					}
					calls.add("text " + args[0]);
				}
				default -> throw new UnsupportedOperationException(method);
			}
			return null;
		});
		return proxy(Session.class, (method, args) -> switch (method) {
			case "getBasicRemote" -> remote;
			case "getId" -> "fake";
			default -> null;
		});
	}

	private interface Answer {

		Object answer(String method, Object[] args) throws Exception;

	}

	private static <T> T proxy(Class<T> type, Answer answer) {
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(self, method, args) -> answer.answer(method.getName(), args == null ? new Object[0] : args)));
	}

}
