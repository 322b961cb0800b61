package lanchat.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread, started and stopped with the application at its phase, that takes
 * what is queued, in order and in batches of up to {@code maxBatch}, and {@link #handle
 * handles} each batch. On stop, callers should queue nothing new ({@link #isRunning()}
 * says so) and what is queued is handled for up to {@code drainWait}; the thread is never
 * interrupted (an interrupted H2 write closes the database).
 *
 * @param <T> what is queued
 */
public abstract class QueueWorker<T> implements SmartLifecycle {

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

	/** Handles one batch, on the worker's thread; the list is reused after it returns. */
	protected abstract void handle(List<T> batch);

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::run, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** Handles what is queued for up to the drain wait, then returns. */
	@Override
	public void stop() {
		running = false;
		try {
			thread.join(drainWait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
			finally {
				batch.clear();
			}
		}
	}

}
