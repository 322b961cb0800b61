package lanchat.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsRemoteEndpointBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes a session's queued frames to its socket several at a time, in one system call.
 * <p>
 * The WebSocket API writes one message per call, and Tomcat makes each its own socket write: at full
 * load a third of the server's CPU went into those system calls, one per recipient per message. The
 * frames here are already complete WebSocket frames ({@link Frame}), so they are handed, all at once, to
 * the asynchronous socket write that Tomcat itself uses under its WebSocket API.
 * <p>
 * Such a write takes part in Tomcat's own bookkeeping as one of its message parts would: it holds the
 * endpoint's "message part in progress" permit while it runs and hands it back through Tomcat's
 * end-of-message step, which passes it on to whatever Tomcat's API queued meanwhile. When Tomcat is
 * writing something of its own (a pong or a close, which it sends blocking, possibly to a client that
 * stopped reading), a write here takes nothing and says so, and the caller tries again later: it
 * never waits, and never queues frames inside Tomcat, which drops what it has queued when the session
 * closes. After Tomcat has sent a close frame, nothing more is written. If Tomcat has no such write
 * (another version), frames go through the public API one after another, and the log says so once;
 * that API queues inside Tomcat, so on such a version a session that closes while Tomcat is busy may
 * leave its last write unfinished.
 * <p>
 * Writes to one session must not overlap each other, nor a message the container's API is sending in
 * several parts: {@link StompSessions} runs all of a session's writes one at a time.
 */
@Component
class GatheringWrites {

	private static final Logger log = LoggerFactory.getLogger(GatheringWrites.class);

	/** Where Tomcat's socket write takes the time a blocking write gives up at, this means "not blocking". */
	private static final long NOT_BLOCKING = -1;

	private final @Nullable TomcatEndpoint tomcat;

	GatheringWrites() {
		TomcatEndpoint found;
		try {
			found = TomcatEndpoint.lookUp();
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			log.warn("Frames are written one per system call: this Tomcat has no gathering write ({})", ex.toString());
			found = null;
		}
		this.tomcat = found;
	}

	/** Where a session's frames go: several per socket write when the container allows it. */
	Target of(Session session) {
		if (tomcat != null) {
			try {
				return new Gathering(session, tomcat, tomcat.of(session));
			}
			catch (Throwable ex) {
				// not Tomcat's session, or already closed: the public API still works, or says why not
				log.debug("Session {} is written one frame at a time: {}", session.getId(), ex.toString());
			}
		}
		return (take, done) -> {
			oneAtATime(session, take.get(), 0, done);
			return true;
		};
	}

	/** A session's socket, as far as writing frames to it goes. */
	interface Target {

		/**
		 * Takes the frames to write from {@code take} and starts writing them, in order, without waiting
		 * for the socket; {@code done} then runs once, when all are written or the write failed, possibly
		 * before this method returns. Returns false, taking nothing, when the container is busy writing
		 * something of its own: try again a little later.
		 */
		boolean write(Supplier<List<Frame>> take, SendHandler done);

	}

	/**
	 * Through the container's public API: each frame its own message, sent when the one before is done;
	 * {@code done} once all are (at once for none), or at the first that fails.
	 */
	private static void oneAtATime(Session session, List<Frame> frames, int next, SendHandler done) {
		if (next == frames.size()) {
			done.onResult(new SendResult(session));
			return;
		}
		try {
			session.getAsyncRemote().sendText(frames.get(next).text(), result -> {
				if (result.isOK()) {
					oneAtATime(session, frames, next + 1, done);
				}
				else {
					done.onResult(result);
				}
			});
		}
		catch (RuntimeException ex) {
			done.onResult(new SendResult(session, ex));
		}
	}

	private record Gathering(Session session, TomcatEndpoint tomcat, Object endpoint, Semaphore partInProgress)
			implements Target {

		Gathering(Session session, TomcatEndpoint tomcat, Object endpoint) {
			this(session, tomcat, endpoint, tomcat.partInProgress(endpoint));
		}

		@Override
		public boolean write(Supplier<List<Frame>> take, SendHandler done) {
			// a blocking write of Tomcat's parked waiting for the permit goes first: it may be the close of a
			// stuck client
			if (partInProgress.hasQueuedThreads() || !partInProgress.tryAcquire()) {
				return false;
			}
			// the permit goes back exactly once: a second release would let two writes overlap
			AtomicBoolean ended = new AtomicBoolean();
			SendHandler end = result -> {
				if (ended.compareAndSet(false, true)) {
					tomcat.endMessage(endpoint, done, result);
				}
			};
			try {
				if (tomcat.closed(endpoint)) {
					end.onResult(new SendResult(session, new IllegalStateException("the session is closed")));
					return true;
				}
				List<Frame> frames = take.get();
				if (frames.isEmpty()) {
					// dropped meanwhile: nothing to write
					end.onResult(new SendResult(session));
					return true;
				}
				ByteBuffer[] buffers = new ByteBuffer[frames.size()];
				for (int i = 0; i < buffers.length; i++) {
					buffers[i] = frames.get(i).buffer();
				}
				tomcat.write(endpoint, end, buffers);
			}
			catch (Throwable ex) {
				end.onResult(new SendResult(session, ex));
				if (ex instanceof Error error) {
					throw error;
				}
			}
			return true;
		}

	}

	/** The parts of Tomcat's server endpoint that a gathering write needs. */
	private record TomcatEndpoint(MethodHandle endpointOf, MethodHandle partInProgress, MethodHandle closed,
			MethodHandle write, MethodHandle endMessage) {

		static TomcatEndpoint lookUp() throws ReflectiveOperationException {
			MethodHandles.Lookup base = MethodHandles.privateLookupIn(WsRemoteEndpointBase.class, MethodHandles.lookup());
			MethodHandles.Lookup impl = MethodHandles.privateLookupIn(WsRemoteEndpointImplBase.class,
					MethodHandles.lookup());
			return new TomcatEndpoint(
					base.findGetter(WsRemoteEndpointBase.class, "base", WsRemoteEndpointImplBase.class),
					impl.findGetter(WsRemoteEndpointImplBase.class, "messagePartInProgress", Semaphore.class),
					impl.findGetter(WsRemoteEndpointImplBase.class, "closed", boolean.class),
					impl.findVirtual(WsRemoteEndpointImplBase.class, "doWrite",
							MethodType.methodType(void.class, SendHandler.class, long.class, ByteBuffer[].class)),
					impl.findVirtual(WsRemoteEndpointImplBase.class, "endMessage",
							MethodType.methodType(void.class, SendHandler.class, SendResult.class)));
		}

		/** The session's server endpoint, under its public asynchronous one. */
		Object of(Session session) throws Throwable {
			Object endpoint = endpointOf.invoke(session.getAsyncRemote());
			if (!(endpoint instanceof WsRemoteEndpointImplBase)) {
				throw new IllegalStateException("not a Tomcat endpoint");
			}
			return endpoint;
		}

		Semaphore partInProgress(Object endpoint) {
			return (Semaphore) call(() -> partInProgress.invoke(endpoint));
		}

		boolean closed(Object endpoint) {
			return (boolean) call(() -> closed.invoke(endpoint));
		}

		void write(Object endpoint, SendHandler done, ByteBuffer[] buffers) {
			call(() -> {
				write.invoke(endpoint, done, NOT_BLOCKING, buffers);
				return null;
			});
		}

		/** Hands the permit back (or on to what Tomcat's API queued meanwhile), then tells {@code done}. */
		void endMessage(Object endpoint, @Nullable SendHandler done, @Nullable SendResult result) {
			call(() -> {
				endMessage.invoke(endpoint, done, result);
				return null;
			});
		}

		private static @Nullable Object call(Invocation invocation) {
			try {
				return invocation.invoke();
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		}

		private interface Invocation {

			@Nullable Object invoke() throws Throwable;

		}

	}

}
