package lanchat.identity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import lanchat.LanchatProperties;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.support.ClockedIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Times seen are written after the leave, together: until then the release check counts
 * them, so a name is never released early; and a time never moves back. The writer here
 * is never started, so the test decides when it writes.
 */
class SeenTimesTests extends ClockedIntegrationTest {

	@Autowired
	private IdentityStore store;

	@Autowired
	private DeviceStore devices;

	@Autowired
	private DeviceUses deviceUses;

	@Autowired
	private Secrets secrets;

	@Autowired
	private OnlineCheck online;

	@Autowired
	private LanchatProperties properties;

	@Autowired
	private NewcomerWriter newcomers;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void aLeaveNotWrittenYetStillHoldsTheNameAndOnceWrittenCountsFromTheDatabase() {
		HeldSeenTimes seen = new HeldSeenTimes();
		IdentityService identities = new IdentityService(store, devices, deviceUses, secrets, online, properties, clock,
				newcomers, seen);
		Duration releaseAfter = properties.identity().releaseAfter();
		String name = name("ivy");
		long ivy = identities.claim(stranger(name)).join().user().identityId();

		clock.advance(releaseAfter.dividedBy(2));
		Instant left = clock.instant().truncatedTo(ChronoUnit.MICROS);
		seen.seen(ivy, left);
		clock.advance(releaseAfter.dividedBy(2).plusHours(1));

		assertThat(store.findByKey(NamePolicy.key(name)).orElseThrow().lastSeen())
			.as("not written yet: the database still has the join")
			.isBefore(left);
		assertTaken(identities, name);

		seen.writeQueued();

		assertThat(seen.unwritten(ivy)).isNull();
		assertThat(store.findByKey(NamePolicy.key(name)).orElseThrow().lastSeen()).isEqualTo(left);
		assertTaken(identities, name);

		clock.advance(releaseAfter.dividedBy(2));
		assertThat(identities.claim(stranger(name)).join().user().identityId())
			.as("away longer than release-after since the leave: a new identity")
			.isNotEqualTo(ivy);
	}

	@Test
	void aLaterTimeSeenIsNeverOverwrittenByAnEarlierOne() {
		HeldSeenTimes seen = new HeldSeenTimes();
		String name = name("jo");
		long jo = newcomers.write(newcomer(name)).join().user().identityId();
		Instant later = clock.instant().plusSeconds(60).truncatedTo(ChronoUnit.MICROS);

		seen.seen(jo, later);
		seen.seen(jo, later.minusSeconds(30));
		assertThat(seen.unwritten(jo)).isEqualTo(later);
		seen.writeQueued();
		store.touch(jo, later.minusSeconds(10));

		assertThat(store.findByKey(NamePolicy.key(name)).orElseThrow().lastSeen()).isEqualTo(later);
	}

	@Test
	void aTimeNotedWhileItsBatchIsWrittenIsQueuedAgainAndWrittenNext() {
		String name = name("kai");
		long kai = newcomers.write(newcomer(name)).join().user().identityId();
		Instant first = clock.instant().plusSeconds(10).truncatedTo(ChronoUnit.MICROS);
		Instant second = first.plusSeconds(5);
		AtomicReference<Runnable> during = new AtomicReference<>(() -> {
		});
		TransactionTemplate watched = new TransactionTemplate(transactionManager) {
			@Override
			public <T> T execute(TransactionCallback<T> action) {
				// after the batch took its times, as a leave on another thread may come
				during.get().run();
				return super.execute(action);
			}
		};
		HeldSeenTimes seen = new HeldSeenTimes(watched);
		seen.seen(kai, first);
		during.set(() -> seen.seen(kai, second));

		seen.writeQueued();

		assertThat(lastSeen(name)).as("the batch wrote the time it took").isEqualTo(first);
		assertThat(seen.unwritten(kai)).as("the later one is still noted").isEqualTo(second);

		during.set(() -> {
		});
		seen.writeQueued();

		assertThat(lastSeen(name)).isEqualTo(second);
		assertThat(seen.unwritten(kai)).isNull();
	}

	@Test
	void aStopWritesWhatWasNotedAndAStoppedWriterWritesAtOnce() {
		String name = name("lou");
		long lou = newcomers.write(newcomer(name)).join().user().identityId();
		Instant noted = clock.instant().plusSeconds(10).truncatedTo(ChronoUnit.MICROS);
		HeldSeenTimes seen = new HeldSeenTimes();
		seen.seen(lou, noted);
		assertThat(lastSeen(name)).isBefore(noted);

		seen.stop();

		assertThat(lastSeen(name)).as("written by the stop").isEqualTo(noted);
		assertThat(seen.unwritten(lou)).isNull();

		SeenTimes stopped = new SeenTimes(store, transactions);
		Instant later = noted.plusSeconds(10);
		stopped.seen(lou, later);

		assertThat(lastSeen(name)).as("written through: nothing would write it later").isEqualTo(later);
		assertThat(stopped.unwritten(lou)).isNull();
	}

	private Instant lastSeen(String name) {
		return store.findByKey(NamePolicy.key(name)).orElseThrow().lastSeen();
	}

	private void assertTaken(IdentityService identities, String name) {
		assertThatThrownBy(() -> identities.claim(stranger(name)).join()).cause()
			.isInstanceOfSatisfying(Refusal.class,
					refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.NAME_TAKEN));
	}

	private static ClaimRequest stranger(String name) {
		return new ClaimRequest(name, null, null, "phone", true);
	}

	private NewcomerWriter.Newcomer newcomer(String name) {
		String token = secrets.newToken();
		return new NewcomerWriter.Newcomer(name, NamePolicy.key(name), token, secrets.hashToken(token), "test",
				clock.instant());
	}

	/** Takes times as a running writer does, and writes them only when told. */
	private final class HeldSeenTimes extends SeenTimes {

		HeldSeenTimes() {
			this(transactions);
		}

		HeldSeenTimes(TransactionTemplate transactions) {
			super(store, transactions);
		}

		@Override
		public boolean isRunning() {
			return true;
		}

		void writeQueued() {
			List<Long> batch = new ArrayList<>();
			queue().drainTo(batch);
			assertThat(batch).as("each identity is queued once").doesNotHaveDuplicates();
			handle(batch);
		}

	}

}
