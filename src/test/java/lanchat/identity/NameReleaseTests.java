package lanchat.identity;

import lanchat.support.ShortTimersIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name without a password is released after its owner has been offline for
 * {@code lanchat.identity.release-after} (2 s here); the next holder is a new identity.
 */
class NameReleaseTests extends ShortTimersIntegrationTest {

	@Test
	void aReleasedNameIsANewIdentityThatSeesNoneOfTheOldPrivateMessages() throws InterruptedException {
		String alice = name("alice");
		String bob = name("bob");
		String oldToken;
		try (StompTestClient b = connect(bob).listen(); StompTestClient a = connect(alice).listen()) {
			oldToken = a.sessionInfo().path("token").asString();
			b.whisper(alice, "secret for the first Alice");
			a.privateInbox().next();
			Thread.sleep(3500);
			assertThat(StompTestClient.refusal(port, StompTestClient.headers(alice)))
				.as("a name in use is never released").isEqualTo("username \"" + alice + "\" is taken");
		}
		Thread.sleep(3500);
		try (StompTestClient newcomer = connect(alice).listen()) {
			JsonNode session = newcomer.sessionInfo();
			assertThat(session.path("token").asString()).isNotEmpty().isNotEqualTo(oldToken);
			JsonNode history = newcomer.request("/app/history");
			assertThat(history).noneMatch(m -> m.path("content").asString("").contains("secret for the first Alice"));
		}
		var oldDevice = StompTestClient.headers(alice);
		oldDevice.add("token", oldToken);
		assertThat(StompTestClient.refusalError(port, oldDevice).code())
			.as("the old holder's token proves nothing about the new identity").isEqualTo("wrong-credentials");
	}

	@Test
	void aPrivateMessageToAReleasedNameFindsNoOne() throws InterruptedException {
		String carol = name("carol");
		String dave = name("dave");
		try (StompTestClient c = connect(carol)) {
			c.sessionInfo();
		}
		Thread.sleep(3500);
		try (StompTestClient d = connect(dave).listen()) {
			d.whisper(carol, "are you there?");
			d.systemReply("No user is called \"" + carol + "\"");
		}
	}

	@Test
	void aNameWithAPasswordIsNeverReleased() throws InterruptedException {
		String erin = name("erin");
		try (StompTestClient e = connect(erin).listen()) {
			e.say("/password long enough secret");
			e.systemReply("Password set");
		}
		Thread.sleep(3500);
		assertThat(StompTestClient.refusal(port, StompTestClient.headers(erin)))
			.isEqualTo("username \"" + erin + "\" is taken");
	}

}
