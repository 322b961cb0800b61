package lanchat.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread, started and stopped with the application at its phase, that takes
 * what is queued, in order and in batches of up to {@code maxBatch}, and {@link #handle
 * handles} each batch. On stop, nothing new is {@link #enqueue queued}, what is queued is
 * handled for up to {@code drainWait} and what is left then is {@link #abandon
 * abandoned}; the thread is never interrupted (an interrupted H2 write closes the
 * database). {@code handle} answers its own failures; should it throw an {@link Error},
 * the worker stops as it would at a stop, so that nobody waits on a thread that is gone:
 * then the batch it was handling is abandoned too, including items {@code handle} had
 * answered already, which an {@code abandon} must leave as they are.
 *
 * @param <T> what is queued
 */
public abstract class QueueWorker<T> implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

	private final String name;

	private final BlockingQueue<T> queue;

	private final int maxBatch;

	private final Duration drainWait;

	private final int phase;

	private volatile boolean running;

	private Thread thread = new Thread(() -> {
	});

	protected QueueWorker(String name, BlockingQueue<T> queue, int maxBatch, Duration drainWait, int phase) {
		this.name = name;
		this.queue = queue;
		this.maxBatch = maxBatch;
		this.drainWait = drainWait;
		this.phase = phase;
	}

	/** Where callers queue what this worker handles. */
	protected final BlockingQueue<T> queue() {
		return queue;
	}

	/**
	 * Queues an item unless the worker has stopped.
	 * @return whether it was queued: then it is either handled or, if the worker stops
	 * first, {@link #abandon abandoned}; never both, never neither
	 */
	protected final boolean enqueue(T item) {
		if (!running) {
			return false;
		}
		queue.add(item);
		// stopped between the check and the queueing: whoever takes it out answers it
		return running || !queue.remove(item);
	}

	/** Handles one batch, on the worker's thread; the list is reused after it returns. */
	protected abstract void handle(List<T> batch);

	/**
	 * Answers an item that was queued when the worker stopped and was left unhandled.
	 * Does nothing unless overridden.
	 */
	protected void abandon(T item) {
	}

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::run, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Handles what is queued for up to the drain wait, then abandons what is left and
	 * returns.
	 */
	@Override
	public void stop() {
		running = false;
		try {
			thread.join(drainWait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		abandonQueued();
	}

	private void abandonQueued() {
		List<T> left = new ArrayList<>();
		queue.drainTo(left);
		left.forEach(this::abandon);
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return phase;
	}

	private void run() {
		List<T> batch = new ArrayList<>();
		while (running || !queue.isEmpty()) {
			try {
				T first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, maxBatch - 1);
				handle(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Error ex) {
				// handle() answers its own failures; an Error (out of memory, a bug deep
				// down) ends the thread, so nothing may wait on it: queueing stops and
				// what was taken or queued is answered as at a stop
				running = false;
				log.error("{} stopped: {}", name, ex.toString());
				batch.forEach(this::abandon);
				abandonQueued();
				throw ex;
			}
			finally {
				batch.clear();
			}
		}
	}

}
