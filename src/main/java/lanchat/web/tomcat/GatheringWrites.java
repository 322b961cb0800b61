package lanchat.web.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
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

/**
 * Writes a session's queued frames to its socket several at a time, in one system call:
 * the {@link WritePath#GATHERING} path.
 * <p>
 * The WebSocket API writes one message per call, and Tomcat makes each its own socket
 * write: at full load a third of the server's CPU went into those system calls, one per
 * recipient per message. The frames here are already complete WebSocket frames
 * ({@link Frame}), so they are handed, all at once, to the asynchronous socket write that
 * Tomcat itself uses under its WebSocket API. Its completion runs in place when the write
 * is done at once ({@link WriteCompletions}).
 * <p>
 * Such a write takes part in Tomcat's own bookkeeping as one of its message parts would:
 * it holds the endpoint's "message part in progress" permit while it runs and hands it
 * back through Tomcat's end-of-message step, which passes it on to whatever Tomcat's API
 * queued meanwhile. When Tomcat is writing something of its own (a pong or a close, which
 * it sends blocking, possibly to a client that stopped reading), a write here takes
 * nothing and says so, and the caller tries again later: it never waits, and never queues
 * frames inside Tomcat, which drops what it has queued when the session closes. After
 * Tomcat has sent a close frame, nothing more is written.
 * <p>
 * None of this is public: the members are looked up by name when the server starts, and
 * {@link #lookUp} finds nothing on a Tomcat without them. Only writes made here are
 * counted in {@code lanchat.websocket.frames.per.write}.
 */
final class GatheringWrites {

	private static final Logger log = LoggerFactory.getLogger(GatheringWrites.class);

	/**
	 * Where Tomcat's socket write takes the time a blocking write gives up at, this means
	 * "not blocking".
	 */
	private static final long NOT_BLOCKING = -1;

	private final TomcatEndpoint tomcat;

	private final WriteCompletions completions;

	private final WriteMetrics metrics;

	private GatheringWrites(TomcatEndpoint tomcat, WriteCompletions completions, WriteMetrics metrics) {
		this.tomcat = tomcat;
		this.completions = completions;
		this.metrics = metrics;
	}

	/**
	 * The gathering write on this Tomcat, or nothing (and a warning saying why) if it has
	 * none.
	 */
	static Optional<GatheringWrites> lookUp(WriteCompletions completions, WriteMetrics metrics) {
		try {
			return Optional.of(new GatheringWrites(TomcatEndpoint.lookUp(), completions, metrics));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			log.warn("This Tomcat has no gathering write ({}): sessions are written through the public API, "
					+ "as with lanchat.websocket.writes=batching", ex.toString());
			return Optional.empty();
		}
	}

	/**
	 * Where a session's frames go, or nothing if it is not Tomcat's session or already
	 * closed.
	 */
	Optional<FrameSocket> of(Session session) {
		try {
			return Optional.of(new Gathering(session, tomcat.of(session)));
		}
		catch (Throwable ex) {
			log.debug("Session {} is not written by gathering writes: {}", session.getId(), ex.toString());
			return Optional.empty();
		}
	}

	private final class Gathering implements FrameSocket {

		private final Session session;

		private final Object endpoint;

		private final Semaphore partInProgress;

		Gathering(Session session, Object endpoint) {
			this.session = session;
			this.endpoint = endpoint;
			this.partInProgress = tomcat.partInProgress(endpoint);
		}

		@Override
		public boolean write(Supplier<List<Frame>> take, SendHandler done) {
			// a blocking write of Tomcat's parked waiting for the permit goes first: it
			// may be the close of a
			// stuck client
			if (partInProgress.hasQueuedThreads() || !partInProgress.tryAcquire()) {
				return false;
			}
			// the permit goes back exactly once: a second release would let two writes
			// overlap
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
				completions.writeInPlace(() -> tomcat.write(endpoint, end, buffers));
				metrics.framesWritten(buffers.length);
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
			MethodHandles.Lookup base = MethodHandles.privateLookupIn(WsRemoteEndpointBase.class,
					MethodHandles.lookup());
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

		/**
		 * Hands the permit back (or on to what Tomcat's API queued meanwhile), then tells
		 * {@code done}.
		 */
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
