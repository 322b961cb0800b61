package lanchat.moderation;

import java.time.Duration;

import lanchat.support.ClockedIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 8, for {@code /op}: wrong guesses at the moderator secret count towards
 * the back-off of the guesser's network, as wrong access codes do, so that neither one
 * identity's two seconds between tries nor a second identity gets a guesser past it; the
 * right secret waits too until the wait is over. The clock is moved instead of waiting.
 */
class ModeratorSecretGuessingTests extends ClockedIntegrationTest {

	/**
	 * Longer than a quiet spell after which the back-off forgets earlier wrong guesses
	 * (15 min).
	 */
	private static final Duration QUIET = Duration.ofMinutes(16);

	/** What one identity must leave between two tries of {@code /op}. */
	private static final Duration BETWEEN_TRIES = Duration.ofSeconds(2);

	/**
	 * Every test of this app shares one network (127.0.0.1): the back-off starts afresh
	 * before this test and is left so after it, for the other tests' {@code /op}.
	 */
	@BeforeEach
	@AfterEach
	void earlierWrongGuessesAreForgotten() {
		clock.advance(QUIET);
	}

	@Test
	void wrongGuessesMakeTheGuessersNetworkWaitEvenWithTheRightSecret() {
		try (StompTestClient guesser = connect(name("guesser")).listen();
				StompTestClient accomplice = connect(name("accomplice")).listen()) {
			// ten wrong guesses are free; the 11th, 12th and 13th make the network wait
			// 1, 2 and then 4 s
			for (int i = 0; i < 13; i++) {
				clock.advance(BETWEEN_TRIES);
				guesser.say("/op guess " + i);
				guesser.systemReply("That is not the moderator secret.");
			}
			clock.advance(BETWEEN_TRIES);
			guesser.say("/op test-moderator-secret");
			assertThat(guesser.systemReply("too many wrong attempts").path("code").asString())
				.isEqualTo("too-many-attempts");
			accomplice.say("/op test-moderator-secret");
			assertThat(accomplice.systemReply("too many wrong attempts").path("content").asString())
				.as("another identity on the same network waits too")
				.endsWith("try again in 2 seconds");
			clock.advance(BETWEEN_TRIES);
			guesser.say("/op test-moderator-secret");
			guesser.systemReply("You are a moderator now");
			assertThat(guesser.sessionInfo().path("moderator").asBoolean()).isTrue();
		}
	}

}
