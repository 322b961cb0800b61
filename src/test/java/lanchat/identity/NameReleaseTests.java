package lanchat.identity;

import java.time.Duration;

import lanchat.support.ClockedIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name without a password is released after its owner has been offline for
 * {@code lanchat.identity.release-after} (24 h); the next holder is a new identity. The
 * clock is moved, not waited for.
 */
class NameReleaseTests extends ClockedIntegrationTest {

	private static final Duration LONGER_THAN_RELEASE = Duration.ofHours(25);

	@Test
	void aReleasedNameIsANewIdentityThatSeesNoneOfTheOldPrivateMessages() {
		String alice = name("alice");
		String bob = name("bob");
		String oldToken;
		try (StompTestClient watcher = connect(name("watcher")).listen()) {
			try (StompTestClient b = connect(bob).listen(); StompTestClient a = connect(alice).listen()) {
				oldToken = a.sessionInfo().path("token").asString();
				b.whisper(alice, "secret for the first Alice");
				a.privateInbox().next();
				clock.advance(LONGER_THAN_RELEASE);
				assertThat(StompTestClient.refusal(port, StompTestClient.headers(alice)))
					.as("a name in use is never released")
					.isEqualTo("username \"" + alice + "\" is taken");
			}
			hasLeft(watcher, alice);
			clock.advance(LONGER_THAN_RELEASE);
		}
		try (StompTestClient newcomer = connect(alice).listen()) {
			JsonNode session = newcomer.sessionInfo();
			assertThat(session.path("token").asString()).isNotEmpty().isNotEqualTo(oldToken);
			JsonNode history = newcomer.request("/app/history");
			assertThat(history).noneMatch(m -> m.path("content").asString("").contains("secret for the first Alice"));
		}
		var oldDevice = StompTestClient.headers(alice);
		oldDevice.add("token", oldToken);
		assertThat(StompTestClient.refusalError(port, oldDevice).code())
			.as("the old holder's token proves nothing about the new identity")
			.isEqualTo("wrong-credentials");
	}

	@Test
	void aNameIsHeldUntilItsOwnerHasBeenAwayLongEnough() {
		String carol = name("carol");
		try (StompTestClient watcher = connect(name("watcher")).listen()) {
			try (StompTestClient c = connect(carol)) {
				c.sessionInfo();
			}
			hasLeft(watcher, carol);
			clock.advance(Duration.ofHours(23));
			watcher.whisper(carol, "are you there?");
			watcher.systemReply("will be delivered");
			clock.advance(Duration.ofHours(2));
			watcher.whisper(carol, "are you there now?");
			watcher.systemReply("No user is called \"" + carol + "\"");
		}
	}

	@Test
	void aNameWithAPasswordIsNeverReleased() {
		String erin = name("erin");
		try (StompTestClient watcher = connect(name("watcher")).listen()) {
			try (StompTestClient e = connect(erin).listen()) {
				e.say("/password long enough secret");
				e.systemReply("Password set");
			}
			hasLeft(watcher, erin);
		}
		clock.advance(Duration.ofDays(365));
		assertThat(StompTestClient.refusal(port, StompTestClient.headers(erin)))
			.isEqualTo("username \"" + erin + "\" is taken");
	}

	/**
	 * Waits until the server has seen {@code name} leave, which is when its offline time
	 * starts.
	 */
	private static void hasLeft(StompTestClient watcher, String name) {
		watcher.presenceInbox()
			.next(m -> name.equals(m.path("username").asString("")) && "offline".equals(m.path("status").asString("")));
	}

}
