package lanchat.identity;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new token is kept for the connection's {@code /app/session} replies and counts as
 * lost until one of them handed it over.
 */
class TokenHandOverTests {

	private final Map<String, Object> attributes = new HashMap<>();

	@Test
	void aNewTokenIsLostUntilAReplyHandsItOverAndEveryReplyCarriesIt() {
		TokenHandOver.keep(attributes, new Claim(new ChatUser(1, "ann"), "secret", 2L));
		assertThat(TokenHandOver.lost(attributes)).isTrue();

		assertThat(TokenHandOver.handOver(attributes)).isEqualTo("secret");
		assertThat(TokenHandOver.lost(attributes)).isFalse();
		assertThat(TokenHandOver.handOver(attributes)).as("a second reply on that connection").isEqualTo("secret");
	}

	@Test
	void aClaimWithoutANewTokenHasNothingToLoseOrHandOver() {
		TokenHandOver.keep(attributes, new Claim(new ChatUser(1, "ann"), null, 2L));

		assertThat(TokenHandOver.lost(attributes)).isFalse();
		assertThat(TokenHandOver.handOver(attributes)).isNull();
		assertThat(TokenHandOver.lost(null)).isFalse();
		assertThat(TokenHandOver.handOver(null)).isNull();
	}

}
