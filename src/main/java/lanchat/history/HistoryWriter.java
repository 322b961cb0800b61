package lanchat.history;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import lanchat.protocol.ServerMessage;
import lanchat.system.ChatMetrics;
import lanchat.system.QueueWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Writes messages to history before anyone receives them, in batches: all messages that
 * arrive while one batch is being written go together into the next transaction. One
 * thread writes, so ids are given and messages delivered in one order, which is what lets
 * a reconnecting client ask for everything after the last id it saw.
 */
@Component
class HistoryWriter extends QueueWorker<HistoryWriter.Pending> {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	private static final int MAX_BATCH = 500;

	private final MessageJournal journal;

	private final ChatMetrics metrics;

	/**
	 * Stops after the transports and the web server (which stop first, at higher phases)
	 * and before the database closes.
	 */
	HistoryWriter(MessageJournal journal, ChatMetrics metrics) {
		super("history-writer", new LinkedBlockingQueue<>(), MAX_BATCH, Duration.ofSeconds(5),
				Integer.MAX_VALUE - 4096);
		this.journal = journal;
		this.metrics = metrics;
	}

	/**
	 * Queues a message. Exactly one of the callbacks runs, on the writer's thread, in the
	 * order the messages were queued.
	 */
	void append(NewMessage message, Consumer<ServerMessage> onStored, Consumer<RuntimeException> onFailed) {
		Pending pending = new Pending(message, onStored, onFailed);
		if (!enqueue(pending)) {
			abandon(pending);
		}
	}

	/**
	 * A message queued just as the writer finished gets a clear answer instead of none.
	 */
	@Override
	protected void abandon(Pending pending) {
		pending.failed(new IllegalStateException("the server is shutting down"));
	}

	@Override
	protected void handle(List<Pending> batch) {
		List<ServerMessage> stored;
		long started = System.nanoTime();
		try {
			stored = journal.store(batch.stream().map(Pending::message).toList());
			metrics.historyWrite(Duration.ofNanos(System.nanoTime() - started));
		}
		catch (RuntimeException ex) {
			if (batch.size() > 1 && ex instanceof DataIntegrityViolationException) {
				// the transaction took none of them: one message the database refuses
				// (PostgreSQL takes no
				// NUL character in text) must not cost the others theirs, so each is
				// tried alone, in order;
				// a database that is down is not asked again once per message
				log.warn("Could not write {} messages to history at once ({}); writing them one by one", batch.size(),
						ex.getMessage());
				for (Pending pending : batch) {
					handle(List.of(pending));
				}
				return;
			}
			log.error("Could not write {} messages to history: {}", batch.size(), ex.getMessage());
			batch.forEach(pending -> pending.failed(ex));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			try {
				batch.get(i).stored(stored.get(i));
			}
			catch (RuntimeException ex) {
				log.error("Delivering message {} failed", stored.get(i).id(), ex);
			}
		}
		journal.checkpointIfDue();
	}

	/**
	 * A queued message and its two callbacks, of which only the first called runs: should
	 * the writer stop on an Error part-way through a batch, what it had answered already
	 * is not told it failed as well.
	 */
	static final class Pending {

		private final NewMessage message;

		private final Consumer<ServerMessage> onStored;

		private final Consumer<RuntimeException> onFailed;

		private final AtomicBoolean answered = new AtomicBoolean();

		Pending(NewMessage message, Consumer<ServerMessage> onStored, Consumer<RuntimeException> onFailed) {
			this.message = message;
			this.onStored = onStored;
			this.onFailed = onFailed;
		}

		NewMessage message() {
			return message;
		}

		void stored(ServerMessage stored) {
			if (answered.compareAndSet(false, true)) {
				onStored.accept(stored);
			}
		}

		void failed(RuntimeException why) {
			if (answered.compareAndSet(false, true)) {
				onFailed.accept(why);
			}
		}

	}

}
