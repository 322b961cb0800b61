package lanchat.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Newcomers written together: each gets its name and a token that is in the database
 * before the claim is answered, and one who loses a race for a name costs the others in
 * the same transaction nothing.
 */
class NewcomerWriterTests extends IntegrationTest {

	@Autowired
	private NewcomerWriter writer;

	@Autowired
	private IdentityService identities;

	@Autowired
	private IdentityStore store;

	@Autowired
	private DeviceStore devices;

	@Autowired
	private Secrets secrets;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void newcomersWrittenInOneBatchEachHoldTheirNameAndAStoredToken() {
		List<NewcomerWriter.Pending> batch = List.of(pending(name("ada")), pending(name("bo")), pending(name("cy")));

		writer.handle(new ArrayList<>(batch));

		for (NewcomerWriter.Pending pending : batch) {
			Claim claim = pending.written().join();
			NewcomerWriter.Newcomer newcomer = pending.newcomer();
			assertThat(claim.user().username()).isEqualTo(newcomer.name());
			assertThat(claim.newToken()).isEqualTo(newcomer.token());
			assertThat(store.findByKey(newcomer.key())).map(Identity::id).contains(claim.user().identityId());
			assertThat(devices.findByHash(newcomer.tokenHash())).map(DevicesMatch::of)
				.contains(new DevicesMatch(claim.device(), claim.user().identityId()));
		}
	}

	@Test
	void whoeverLosesARaceForANameInABatchCostsTheOthersNothing() {
		String contested = name("dee");
		NewcomerWriter.Pending first = pending(contested);
		NewcomerWriter.Pending second = pending(contested);
		NewcomerWriter.Pending bystander = pending(name("eli"));

		writer.handle(new ArrayList<>(List.of(first, second, bystander)));

		assertThat(first.written().join().user().username()).isEqualTo(contested);
		assertThat(bystander.written().join().user().username()).isEqualTo(bystander.newcomer().name());
		assertThatThrownBy(() -> second.written().join()).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(Refusal.class, refusal -> {
				assertThat(refusal.code()).isEqualTo(ErrorCode.NAME_TAKEN);
				assertThat(refusal.getMessage()).isEqualTo("username \"" + contested + "\" is taken");
			});
		assertThat(devices.findByHash(second.newcomer().tokenHash())).as("the loser's token is not kept").isEmpty();
	}

	@Test
	void newcomersClaimingAtOnceAllGetInAndOnlyOneGetsAContestedName() throws Exception {
		String contested = name("fay");
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			names.add(name("gus"));
		}
		names.add(contested);
		names.add(contested);
		ExecutorService phones = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Claim>> claims = names.stream()
				.map(name -> CompletableFuture
					.supplyAsync(() -> identities.claim(new ClaimRequest(name, null, null, "phone", true)), phones)
					.thenCompose(claim -> claim))
				.toList();
			CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new))
				.orTimeout(30, TimeUnit.SECONDS)
				.exceptionally(failure -> null)
				.join();
			assertThat(claims).as("every claim answered").allMatch(CompletableFuture::isDone);

			List<Claim> in = claims.stream()
				.filter(claim -> !claim.isCompletedExceptionally())
				.map(CompletableFuture::join)
				.toList();
			assertThat(in).hasSize(31);
			assertThat(in.stream().map(claim -> claim.user().username())).containsOnlyOnce(contested);
			assertThat(in.stream().map(claim -> claim.user().identityId()).distinct()).hasSize(31);
			CompletableFuture<Claim> refused = claims.stream()
				.filter(CompletableFuture::isCompletedExceptionally)
				.findFirst()
				.orElseThrow();
			assertThatThrownBy(refused::join).cause()
				.isInstanceOfSatisfying(Refusal.class,
						refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.NAME_TAKEN));
		}
		finally {
			phones.shutdownNow();
		}
	}

	@Test
	void aWriterThatIsNotRunningSaysTheServerIsShuttingDown() {
		NewcomerWriter stopped = new NewcomerWriter(store, devices, transactions);

		CompletableFuture<Claim> written = stopped.write(newcomer(name("hal")));

		assertThatThrownBy(written::join).cause()
			.isInstanceOfSatisfying(Refusal.class,
					refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
	}

	private NewcomerWriter.Pending pending(String name) {
		return new NewcomerWriter.Pending(newcomer(name), new CompletableFuture<>());
	}

	private NewcomerWriter.Newcomer newcomer(String name) {
		String token = secrets.newToken();
		return new NewcomerWriter.Newcomer(name, NamePolicy.key(name), token, secrets.hashToken(token), "test",
				Instant.now());
	}

	/** The parts of a device match a claim says. */
	private record DevicesMatch(Long device, long identityId) {

		static DevicesMatch of(DeviceStore.Match match) {
			return new DevicesMatch(match.device(), match.identity().id());
		}

	}

}
