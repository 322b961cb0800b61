package lanchat.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bucket behind every send limit, on a clock the test moves: no sleeping, no timing.
 */
class TokenBucketTests {

	private static final long SECOND = 1_000_000_000L;

	private long now = 5 * SECOND;

	private final TokenBucket bucket = new TokenBucket(10, 20, now);

	@Test
	void aFullBucketLetsABurstThroughAndThenSaysHowLongToWait() {
		for (int i = 0; i < 20; i++) {
			assertThat(bucket.take(now)).as("message %d of the burst", i).isZero();
		}
		assertThat(bucket.take(now)).as("a tenth of a second for the next token at 10/s").isEqualTo(SECOND / 10);
		now += SECOND / 20;
		assertThat(bucket.take(now)).isEqualTo(SECOND / 20);
	}

	@Test
	void itRefillsAtItsRateButNeverBeyondTheBurst() {
		drain();
		now += SECOND;
		for (int i = 0; i < 10; i++) {
			assertThat(bucket.take(now)).isZero();
		}
		assertThat(bucket.take(now)).isPositive();
		now += 3600 * SECOND;
		drain();
		assertThat(bucket.take(now)).as("an hour of quiet buys 20, not 36000").isPositive();
	}

	@Test
	void aClockThatGoesBackAddsNothing() {
		drain();
		assertThat(bucket.take(now - SECOND)).isPositive();
		assertThat(bucket.take(now)).isPositive();
	}

	@Test
	void aClientOverTheLimitIsWarnedAtMostOnceASecond() {
		assertThat(bucket.shouldWarn(now)).isTrue();
		assertThat(bucket.shouldWarn(now)).isFalse();
		assertThat(bucket.shouldWarn(now + SECOND - 1)).isFalse();
		assertThat(bucket.shouldWarn(now + SECOND)).isTrue();
	}

	@Test
	void aBurstBelowOneStillLetsOneMessageThrough() {
		TokenBucket tiny = new TokenBucket(1, 0, now);
		assertThat(tiny.take(now)).isZero();
		assertThat(tiny.take(now)).isEqualTo(SECOND);
	}

	private void drain() {
		while (bucket.take(now) == 0) {
			// empty it
		}
	}

}
