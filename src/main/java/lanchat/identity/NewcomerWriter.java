package lanchat.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.system.QueueWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes newcomers' identities, each with its first device, in batches: the newcomers
 * that arrive while one batch is being committed go together into the next transaction. A
 * commit is most of what a newcomer's join costs the server, so a class that scans the
 * join link at once shares commits instead of queueing for one each, and no web server
 * thread waits for the database meanwhile. A claim is answered only once its batch is
 * committed: a token handed out is never lost in a crash.
 */
@Component
class NewcomerWriter extends QueueWorker<NewcomerWriter.Pending> {

	private static final Logger log = LoggerFactory.getLogger(NewcomerWriter.class);

	private static final int MAX_BATCH = 100;

	private final IdentityStore store;

	private final DeviceStore devices;

	private final TransactionTemplate transactions;

	/** Starts before the transports and stops after them, as the history writer does. */
	NewcomerWriter(IdentityStore store, DeviceStore devices, TransactionTemplate transactions) {
		super("newcomer-writer", new LinkedBlockingQueue<>(), MAX_BATCH, Duration.ofSeconds(5),
				Integer.MAX_VALUE - 4096);
		this.store = store;
		this.devices = devices;
		this.transactions = transactions;
	}

	/**
	 * Queues a newcomer.
	 * @return the claim once written, or a future failed with a {@link Refusal} when
	 * someone else took the name first
	 */
	CompletableFuture<Claim> write(Newcomer newcomer) {
		Pending pending = new Pending(newcomer, new CompletableFuture<>());
		if (!enqueue(pending)) {
			abandon(pending);
		}
		return pending.written();
	}

	/** A newcomer queued just as the writer finished is told why nothing happened. */
	@Override
	protected void abandon(Pending pending) {
		pending.written().completeExceptionally(shuttingDown());
	}

	@Override
	protected void handle(List<Pending> batch) {
		List<Claim> claims;
		try {
			claims = transactions.execute(status -> batch.stream().map(pending -> insert(pending.newcomer())).toList());
		}
		catch (DataIntegrityViolationException | ConcurrencyFailureException refused) {
			if (batch.size() > 1) {
				// the transaction took none of them: whoever lost a race for a name (here
				// or on another node) must not cost the others their names, so each is
				// written alone
				for (Pending pending : List.copyOf(batch)) {
					handle(List.of(pending));
				}
				return;
			}
			Pending alone = batch.get(0);
			alone.written()
				.completeExceptionally(refused instanceof DuplicateKeyException ? taken(alone.newcomer()) : refused);
			return;
		}
		catch (RuntimeException ex) {
			log.error("Could not write {} new identities: {}", batch.size(), ex.getMessage());
			batch.forEach(pending -> pending.written().completeExceptionally(ex));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).written().complete(claims.get(i));
		}
	}

	private Claim insert(Newcomer newcomer) {
		Identity created = store.create(newcomer.name(), newcomer.key(), newcomer.at());
		long device = devices.add(created.id(), newcomer.tokenHash(), newcomer.deviceLabel(), newcomer.at());
		return new Claim(created.user(), newcomer.token(), device);
	}

	private static Refusal taken(Newcomer newcomer) {
		return new Refusal(ErrorCode.NAME_TAKEN, "username \"" + newcomer.name() + "\" is taken");
	}

	private static Refusal shuttingDown() {
		return new Refusal(ErrorCode.SHUTTING_DOWN, "the server is shutting down; please try again in a moment");
	}

	/**
	 * A name nobody holds, about to be taken, and the device that takes it.
	 *
	 * @param name the name as it will be shown
	 * @param key the name's key, which no other held name may share
	 * @param token the device's token, handed out once written
	 * @param tokenHash what is stored of the token
	 * @param deviceLabel what {@code /devices} calls the device
	 * @param at when the name was taken
	 */
	record Newcomer(String name, String key, String token, String tokenHash, String deviceLabel, Instant at) {
	}

	record Pending(Newcomer newcomer, CompletableFuture<Claim> written) {
	}

}
