package lanchat.web.tomcat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes a session's queued frames through the Jakarta WebSocket API alone: the
 * {@link WritePath#BATCHING} path, and where a session that gathering writes cannot reach
 * goes.
 * <p>
 * The frames are sent with the endpoint's batching allowed, so Tomcat copies them into
 * its output buffer and writes to the socket only when that is full; turning batching off
 * again flushes the rest. Batching is on only while such a write runs: Spring's own
 * messages (heart-beats, receipts, ERROR frames) go out at once, as they always do. The
 * API's flush blocks while the client's socket is full (up to the blocking-write limit,
 * {@link SocketWrites#open}), so these writes run on threads of their own and never on
 * the thread that queued the frames: a client that stopped reading holds one of these
 * threads, never the lane that serves everybody else. Each write is one hand-off to this
 * pool, and each client whose socket is full holds a thread while it stays so.
 */
@Component
class BatchingWrites implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(BatchingWrites.class);

	private final ExecutorService writers;

	/**
	 * As many threads as writes are running: a client that stopped reading holds one
	 * until its write gives up or it is dropped, so a fixed number of threads would let
	 * that many such clients hold up everyone else (as 40 of them did with 32 threads).
	 * Idle threads are reused, and end after a minute.
	 */
	BatchingWrites() {
		AtomicInteger threads = new AtomicInteger();
		this.writers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				task -> {
					Thread thread = new Thread(task, "lanchat-batching-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/** Where a session's frames go: one batch per write, on a thread of this pool. */
	FrameSocket of(Session session) {
		return (take, done) -> {
			writers.execute(() -> {
				SendResult result = write(session, take.get());
				done.onResult(result);
			});
			return true;
		};
	}

	private static SendResult write(Session session, List<Frame> frames) {
		if (frames.isEmpty()) {
			// dropped meanwhile: nothing to write
			return new SendResult(session);
		}
		RemoteEndpoint.Basic remote;
		try {
			remote = session.getBasicRemote();
			remote.setBatchingAllowed(true);
		}
		catch (IOException | RuntimeException ex) {
			return new SendResult(session, ex);
		}
		try {
			for (Frame frame : frames) {
				remote.sendText(frame.text());
			}
		}
		catch (IOException | RuntimeException ex) {
			// Tomcat closes a session whose blocking write failed; what it still buffers
			// is dropped with it
			stopBatching(remote, session);
			return new SendResult(session, ex);
		}
		try {
			// flushes: blocks while the client's socket is full
			remote.setBatchingAllowed(false);
			return new SendResult(session);
		}
		catch (IOException | RuntimeException ex) {
			return new SendResult(session, ex);
		}
	}

	private static void stopBatching(RemoteEndpoint.Basic remote, Session session) {
		try {
			remote.setBatchingAllowed(false);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Session {} could not be flushed: {}", session.getId(), ex.toString());
		}
	}

	@Override
	public void destroy() {
		writers.shutdownNow();
	}

}
