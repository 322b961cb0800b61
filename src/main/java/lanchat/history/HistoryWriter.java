package lanchat.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import lanchat.protocol.ServerMessage;
import lanchat.system.ChatMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Writes messages to history before anyone receives them, in batches: all messages that arrive while
 * one batch is being written go together into the next transaction. One thread writes, so ids are
 * given and messages delivered in one order, which is what lets a reconnecting client ask for
 * everything after the last id it saw.
 */
@Component
class HistoryWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	private static final int MAX_BATCH = 500;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final HistoryStore store;

	private volatile boolean running;

	private Thread thread = new Thread(this::run);

	private final ChatMetrics metrics;

	HistoryWriter(HistoryStore store, ChatMetrics metrics) {
		this.store = store;
		this.metrics = metrics;
	}

	/**
	 * Queues a message. Exactly one of the callbacks runs, on the writer's thread, in the order the
	 * messages were queued.
	 */
	void append(NewMessage message, Consumer<ServerMessage> onStored, Consumer<RuntimeException> onFailed) {
		if (!running) {
			onFailed.accept(new IllegalStateException("the server is shutting down"));
			return;
		}
		queue.add(new Pending(message, onStored, onFailed));
	}

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::run, "history-writer");
		thread.setDaemon(true);
		thread.start();
	}

	/** Stops taking messages, then writes what is queued, so nothing acknowledged is lost. */
	@Override
	public void stop() {
		running = false;
		try {
			thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// a message queued just as the writer finished gets a clear answer instead of none
		List<Pending> left = new ArrayList<>();
		queue.drainTo(left);
		left.forEach(pending -> pending.onFailed().accept(new IllegalStateException("the server is shutting down")));
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops after the transports and the web server (which stop first, at higher phases) and before the database closes. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 4096;
	}

	private void run() {
		List<Pending> batch = new ArrayList<>();
		while (running || !queue.isEmpty()) {
			try {
				Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, MAX_BATCH - 1);
				write(batch);
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

	private void write(List<Pending> batch) {
		List<ServerMessage> stored;
		long started = System.nanoTime();
		try {
			stored = store.insert(batch.stream().map(Pending::message).toList());
			metrics.historyWrite(Duration.ofNanos(System.nanoTime() - started));
		}
		catch (RuntimeException ex) {
			if (batch.size() > 1 && ex instanceof DataIntegrityViolationException) {
				// the transaction took none of them: one message the database refuses (PostgreSQL takes no
				// NUL character in text) must not cost the others theirs, so each is tried alone, in order;
				// a database that is down is not asked again once per message
				log.warn("Could not write {} messages to history at once ({}); writing them one by one", batch.size(),
						ex.getMessage());
				for (Pending pending : batch) {
					write(List.of(pending));
				}
				return;
			}
			log.error("Could not write {} messages to history: {}", batch.size(), ex.getMessage());
			batch.forEach(pending -> pending.onFailed().accept(ex));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			try {
				batch.get(i).onStored().accept(stored.get(i));
			}
			catch (RuntimeException ex) {
				log.error("Delivering message {} failed", stored.get(i).id(), ex);
			}
		}
	}

	private record Pending(NewMessage message, Consumer<ServerMessage> onStored,
			Consumer<RuntimeException> onFailed) {
	}

}
