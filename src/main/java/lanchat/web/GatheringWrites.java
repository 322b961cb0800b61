package lanchat.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.List;

import jakarta.websocket.SendHandler;
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
 * frames here are already complete WebSocket frames ({@link Frame}), so they are handed straight to the
 * asynchronous socket write that Tomcat itself uses under its WebSocket API, all of them at once. That
 * write is not public, so it is looked up once, by name; should a Tomcat version not have it, frames
 * go through the public API one at a time, as before, and the log says so once at start.
 * <p>
 * Frames written here bypass Tomcat's per-message compression, which RFC 7692 allows (such a message
 * simply has its compressed bit clear). Writes to a session must not overlap, with each other or with
 * the container's own: {@link StompSessions} runs one at a time.
 */
@Component
class GatheringWrites {

	private static final Logger log = LoggerFactory.getLogger(GatheringWrites.class);

	/** At most this many frames in one write, well under the system's limit on buffers per call. */
	static final int MAX_FRAMES = 128;

	/** Tells Tomcat's write not to block (it takes the time at which a blocking write gives up). */
	private static final long NOT_BLOCKING = -1;

	private final @Nullable MethodHandle endpointOf;

	private final @Nullable MethodHandle write;

	GatheringWrites() {
		MethodHandle endpoint = null;
		MethodHandle socketWrite = null;
		try {
			endpoint = MethodHandles.privateLookupIn(WsRemoteEndpointBase.class, MethodHandles.lookup())
				.findGetter(WsRemoteEndpointBase.class, "base", WsRemoteEndpointImplBase.class);
			socketWrite = MethodHandles.privateLookupIn(WsRemoteEndpointImplBase.class, MethodHandles.lookup())
				.findVirtual(WsRemoteEndpointImplBase.class, "doWrite",
						MethodType.methodType(void.class, SendHandler.class, long.class, ByteBuffer[].class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			log.warn("Frames are written one per system call: this Tomcat has no gathering write ({})", ex.toString());
			endpoint = null;
			socketWrite = null;
		}
		this.endpointOf = endpoint;
		this.write = socketWrite;
	}

	/** Where a session's frames go; several per write when the container allows it. */
	Target of(Session session) {
		Object endpoint = null;
		if (endpointOf != null) {
			try {
				endpoint = endpointOf.invoke(session.getAsyncRemote());
			}
			catch (Throwable ex) {
				// a session of another kind than Tomcat's: the public API still works
				endpoint = null;
			}
		}
		return endpoint instanceof WsRemoteEndpointImplBase tomcat && write != null
				? new Gathering(session, tomcat, write) : new OneAtATime(session);
	}

	/** A session's socket, as far as writing frames to it goes. */
	interface Target {

		/** The most frames {@link #write} takes at once. */
		int maxFrames();

		/**
		 * Starts writing the frames, in order, without waiting for the socket. {@code done} runs once,
		 * when all are written or the write failed; possibly before this method returns.
		 */
		void write(List<Frame> frames, SendHandler done);

	}

	private record Gathering(Session session, WsRemoteEndpointImplBase endpoint, MethodHandle write)
			implements Target {

		@Override
		public int maxFrames() {
			return MAX_FRAMES;
		}

		@Override
		public void write(List<Frame> frames, SendHandler done) {
			// after a close, the container's API refuses to write, and so must this
			if (!session.isOpen()) {
				throw new IllegalStateException("the session is closed");
			}
			ByteBuffer[] buffers = new ByteBuffer[frames.size()];
			for (int i = 0; i < buffers.length; i++) {
				buffers[i] = frames.get(i).buffer();
			}
			try {
				write.invoke(endpoint, done, NOT_BLOCKING, buffers);
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private record OneAtATime(Session session) implements Target {

		@Override
		public int maxFrames() {
			return 1;
		}

		@Override
		public void write(List<Frame> frames, SendHandler done) {
			session.getAsyncRemote().sendText(frames.get(0).text(), done);
		}

	}

}
