package lanchat.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import lanchat.web.tomcat.Frame;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * One session's writes, one at a time: Spring's own (blocking) messages and the queued
 * frames of broadcasts (written asynchronously, one write of one or more frames in
 * flight) take turns, so queuing never waits on the client's socket. A client with more
 * than {@link Limits#bufferBytes} queued, or one write pending longer than
 * {@link Limits#writeTime}, is dropped. The last message before a close is written in the
 * same turn as the close, and a close does not wait long for a write that is stuck on a
 * client that stopped reading: that is exactly the client being dropped.
 */
final class SessionWriter {

	private static final Logger log = LoggerFactory.getLogger(SessionWriter.class);

	/** How long a close waits for a write in flight before it goes ahead anyway. */
	private static final long CLOSE_WAIT_MILLIS = 200;

	/**
	 * The longest pause between tries while the container is busy writing to the client
	 * itself.
	 */
	static final long MAX_RETRY_MILLIS = 100;

	/** How long closing a client that stopped reading may wait for its socket. */
	static final Duration DROP_CLOSE_WAIT = Duration.ofMillis(50);

	private static final long NOT_WAITING = Long.MIN_VALUE;

	/**
	 * @param bufferBytes how much may be queued for a client before it is dropped
	 * @param writeTime how long a write, counted from its first try, may take before the
	 * client is dropped
	 */
	record Limits(long bufferBytes, Duration writeTime) {
	}

	private final WriteTarget target;

	private final Limits limits;

	/**
	 * Runs a drain once the thread queuing frames is done with its current burst of work.
	 */
	private final Executor afterBurst;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final Semaphore writing = new Semaphore(1);

	private final FrameQueue pending = new FrameQueue();

	/** When the write in flight, or the first refused try at it, began (clock millis). */
	private volatile long writeWaitingSince = NOT_WAITING;

	private final AtomicBoolean drainQueued = new AtomicBoolean();

	private final AtomicBoolean retryScheduled = new AtomicBoolean();

	private final AtomicInteger busyRetries = new AtomicInteger();

	private final Runnable drainAfterBurst = () -> {
		drainQueued.set(false);
		drain();
	};

	/**
	 * Set once the server has decided to close, or the session has closed; later frames
	 * either way are ignored.
	 */
	private volatile boolean closing;

	SessionWriter(WriteTarget target, Limits limits, Executor afterBurst, TaskScheduler scheduler, Clock clock) {
		this.target = target;
		this.limits = limits;
		this.afterBurst = afterBurst;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	/** Whether the server decided to close the session, or it closed. */
	boolean isClosing() {
		return closing;
	}

	/**
	 * Writes one of Spring's messages once the write in flight, if any, is done; a write
	 * that does not finish in the send time limit drops the client.
	 */
	void send(WebSocketMessage<?> message) throws IOException {
		if (!tryLock(limits.writeTime().toMillis())) {
			// the client stopped reading: dropped as any such client is, and Spring is
			// told why
			drop();
			throw new IOException(Thread.currentThread().isInterrupted() ? "interrupted while waiting to write"
					: "a write to this client has not finished in " + limits.writeTime());
		}
		try {
			target.send(message);
		}
		finally {
			writing.release();
		}
		drain();
	}

	/**
	 * Queues a frame without ever waiting on the socket; it goes out with whatever else
	 * the current burst queues. Past either limit the client is dropped instead.
	 */
	void enqueue(Frame frame) {
		if (closing) {
			return;
		}
		long queued = pending.reserve(frame);
		long started = writeWaitingSince;
		if (queued > limits.bufferBytes()
				|| (started != NOT_WAITING && clock.millis() - started > limits.writeTime().toMillis())) {
			log.info("Dropped session {}: it stopped reading ({} bytes waiting)", target.id(), queued);
			drop();
			return;
		}
		pending.add(frame);
		if (drainQueued.compareAndSet(false, true)) {
			afterBurst.execute(drainAfterBurst);
		}
	}

	/**
	 * Writes queued frames, one write in flight at a time and as many frames as are
	 * waiting in each, until the queue is empty or a write is pending. While the
	 * container is writing something of its own, tries again a little later.
	 */
	private void drain() {
		// a write of Spring's waiting for its turn goes first (it drains after itself),
		// so a client reading
		// just slower than its feed still gets its heart-beats and receipts
		while (!closing && !pending.isEmpty() && !writing.hasQueuedThreads() && writing.tryAcquire()) {
			// whichever of the caller and the completion comes second carries on with the
			// queue, so a
			// write that completes at once does not recurse, and one that completes later
			// is not stuck
			AtomicInteger turn = new AtomicInteger();
			// the completion can run inside the write, before it throws: only one of them
			// ends the write
			AtomicBoolean ended = new AtomicBoolean();
			if (writeWaitingSince == NOT_WAITING) {
				// not reset while the container is busy, so the send time limit counts
				// from the first try
				writeWaitingSince = clock.millis();
			}
			boolean started;
			try {
				started = target.write(pending::takeWrite, result -> {
					if (!endWrite(ended)) {
						return;
					}
					if (!result.isOK()) {
						drop();
					}
					else if (turn.getAndIncrement() == 1) {
						drain();
					}
				});
			}
			catch (RuntimeException ex) {
				endWrite(ended);
				log.debug("Could not write to session {}: {}", target.id(), ex.getMessage());
				return;
			}
			if (!started) {
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

	/**
	 * After 1, 2, 4 ... and at most {@value #MAX_RETRY_MILLIS} ms; once, however many
	 * callers found it busy.
	 */
	private void retryLater() {
		if (retryScheduled.compareAndSet(false, true)) {
			long delay = Math.min(MAX_RETRY_MILLIS, 1L << Math.min(busyRetries.getAndIncrement(), 10));
			try {
				scheduler.schedule(() -> {
					retryScheduled.set(false);
					drain();
				}, clock.instant().plusMillis(delay));
			}
			catch (RejectedExecutionException stopping) {
				retryScheduled.set(false);
				closing = true;
				log.debug("Session {} is not written to any more: the server is stopping", target.id());
			}
		}
	}

	private boolean endWrite(AtomicBoolean ended) {
		if (!ended.compareAndSet(false, true)) {
			return false;
		}
		writeWaitingSince = NOT_WAITING;
		writing.release();
		return true;
	}

	/**
	 * Closes a client that stopped reading. The caller is the thread fanning out the
	 * room's messages, so the close (which may wait briefly on the stuck socket) happens
	 * on the scheduler instead, and nothing more is queued for the client meanwhile.
	 */
	private void drop() {
		if (closing) {
			return;
		}
		stopWriting();
		// the close handshake waits on the stuck write; whichever thread closes must not
		// wait long
		target.limitBlockingWrites(DROP_CLOSE_WAIT);
		try {
			scheduler.schedule(() -> {
				try {
					target.close(CloseStatus.SESSION_NOT_RELIABLE);
				}
				catch (IOException | RuntimeException ex) {
					log.debug("Session {} was already gone: {}", target.id(), ex.getMessage());
				}
			}, clock.instant());
		}
		catch (RejectedExecutionException stopping) {
			log.debug("Session {} is left to the server's stop: {}", target.id(), stopping.getMessage());
		}
	}

	/**
	 * The session has closed, or is about to: nothing more is written, nor tried again
	 * later.
	 */
	void stopWriting() {
		closing = true;
		pending.clear();
	}

	/**
	 * Writes {@code last} (if any) in the write turn after the one in flight, then
	 * closes. A write stuck on a client that stopped reading holds the close up only
	 * briefly, and {@code last} is then skipped.
	 */
	void sendThenClose(@Nullable WebSocketMessage<?> last, CloseStatus status) {
		closing = true;
		boolean locked = tryLock(CLOSE_WAIT_MILLIS);
		if (!locked) {
			// a write is stuck on a client that stopped reading, and the close frame
			// would wait behind it
			target.limitBlockingWrites(DROP_CLOSE_WAIT);
		}
		try {
			if (locked && last != null) {
				target.send(last);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not send a last frame to session {}: {}", target.id(), ex.getMessage());
		}
		try {
			target.close(status);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Session {} was already gone: {}", target.id(), ex.getMessage());
		}
		finally {
			if (locked) {
				writing.release();
			}
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
