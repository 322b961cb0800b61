package lanchat.security;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import lanchat.support.StompTestClient.StompError;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md, "Access code": checked before anything else, and a wrong one teaches
 * nothing more.
 */
@TestPropertySource(properties = "lanchat.access-code=open sesame")
class AccessCodeTests extends IntegrationTest {

	@Test
	void aMissingOrWrongCodeIsRefusedWithItsCodeBeforeTheNameIsLookedAt() {
		StompError expected = new StompError("wrong-access-code", "wrong access code");
		assertThat(StompTestClient.refusalError(port, StompTestClient.headers(name("alice")))).isEqualTo(expected);
		StompHeaders wrong = StompTestClient.headers("not a valid name");
		wrong.add("access-code", "open sesam");
		assertThat(StompTestClient.refusalError(port, wrong)).as("not even whether the name is valid")
			.isEqualTo(expected);
	}

	@Test
	void theRightCodeLetsIn() {
		StompHeaders right = StompTestClient.headers(name("bob"));
		right.add("access-code", "open sesame");
		try (StompTestClient bob = StompTestClient.connect(port, right)) {
			assertThat(bob.sessionInfo().path("username").asString()).startsWith("bob");
		}
	}

}
