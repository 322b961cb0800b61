package lanchat.security;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowHashingTests {

	private final SlowHashing hashing = new SlowHashing(1, 2);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		release.countDown();
		hashing.destroy();
	}

	@Test
	void hashesRunOnTheirOwnThreadsAndPastThePoolsRoomAreRefusedAtOnce() {
		List<CompletableFuture<String>> submitted = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			submitted.add(hashing.submit(this::heldHash));
		}
		assertThat(submitted.subList(0, 3)).as("one running, two waiting").allMatch(future -> !future.isDone());
		for (CompletableFuture<String> refused : submitted.subList(3, 5)) {
			assertThat(refused).isCompletedExceptionally();
			Throwable why = refused.handle((hash, failure) -> failure).join();
			assertThat(why).isInstanceOf(Refusal.class);
			assertThat(((Refusal) why).code()).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
		}
		release.countDown();
		assertThat(submitted.get(0).join()).startsWith("lanchat-hashing-");
		assertThat(submitted.get(2).join()).startsWith("lanchat-hashing-");
		assertThat(hashing.submit(() -> "room again").join()).isEqualTo("room again");
	}

	private String heldHash() {
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return Thread.currentThread().getName();
	}

}
