package lanchat.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import lanchat.system.QueueWorker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When each identity was last seen, which is what releasing its name counts from, written
 * as soon as the database is free: the times noted while one batch commits go together
 * into the next transaction. A commit per leave was most of what a closing connection
 * cost, and a server that stops with a full room, or a Wi-Fi that drops it, closes
 * thousands at once. A time noted and not yet written is {@link #unwritten seen} by the
 * release check, so no name is released early meanwhile.
 */
@Component
class SeenTimes extends QueueWorker<Long> {

	private static final Logger log = LoggerFactory.getLogger(SeenTimes.class);

	private static final int MAX_BATCH = 500;

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final Map<Long, Instant> unwritten = new ConcurrentHashMap<>();

	private final IdentityStore store;

	private final TransactionTemplate transactions;

	/** Starts before the transports and stops after them, as the history writer does. */
	SeenTimes(IdentityStore store, TransactionTemplate transactions) {
		super("seen-times", new LinkedBlockingQueue<>(), MAX_BATCH, Duration.ofSeconds(5), Integer.MAX_VALUE - 4096);
		this.store = store;
		this.transactions = transactions;
	}

	void seen(long identityId, Instant at) {
		if (!isRunning()) {
			store.touch(identityId, at);
			return;
		}
		boolean[] fresh = new boolean[1];
		unwritten.compute(identityId, (id, noted) -> {
			fresh[0] = noted == null;
			return noted == null || at.isAfter(noted) ? at : noted;
		});
		if (fresh[0]) {
			queue().add(identityId);
		}
		if (!isRunning()) {
			// stopped meanwhile: the stop may have written what it found already
			store.touch(identityId, at);
		}
	}

	/** The time noted for this identity that is not in the database yet, if any. */
	@Nullable Instant unwritten(long identityId) {
		return unwritten.get(identityId);
	}

	/** Stops taking times, writes those queued, and then any noted as it stopped. */
	@Override
	public void stop() {
		super.stop();
		unwritten.forEach((id, at) -> {
			store.touch(id, at);
			unwritten.remove(id, at);
		});
	}

	/**
	 * A time still queued when the writer stops is written here, one by one: at a stop
	 * (before {@link #stop} writes the rest) and when the writer stopped on an Error,
	 * after which the lifecycle never calls {@link #stop}; a time lost would let a name
	 * go early.
	 */
	@Override
	protected void abandon(Long identityId) {
		Instant at = unwritten.remove(identityId);
		if (at != null) {
			store.touch(identityId, at);
		}
	}

	@Override
	protected void handle(List<Long> batch) {
		// in order of id, so that nodes writing the same identities do not deadlock
		Map<Long, Instant> times = new TreeMap<>();
		batch.forEach(id -> {
			Instant at = unwritten.get(id);
			if (at != null) {
				times.put(id, at);
			}
		});
		try {
			transactions.executeWithoutResult(status -> times.forEach(store::touch));
		}
		catch (RuntimeException ex) {
			// kept, and tried again a moment later: a time lost would let a name go early
			log.error("Could not note when {} people were last seen, trying again in {} s: {}", times.size(),
					RETRY_AFTER.toSeconds(), ex.getMessage());
			if (isRunning()) {
				pause();
				times.keySet().forEach(queue()::add);
			}
			// once stopping, they are left to the stop's own writing
			return;
		}
		List<Long> notedMeanwhile = new ArrayList<>();
		times.forEach((id, written) -> {
			if (!unwritten.remove(id, written)) {
				notedMeanwhile.add(id);
			}
		});
		notedMeanwhile.forEach(queue()::add);
	}

	private static void pause() {
		try {
			Thread.sleep(RETRY_AFTER.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
