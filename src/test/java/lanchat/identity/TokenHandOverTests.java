package lanchat.identity;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new token is kept for the connection's {@code /app/session} replies and counts as
 * handed over once one of them carried it.
 */
class TokenHandOverTests {

	private final Map<String, Object> attributes = new HashMap<>();

	@Test
	void aNewTokenIsLostUntilAReplyHandsItOverAndEveryReplyCarriesIt() {
		assertThat(TokenHandOver.handedOver(attributes)).as("not even kept yet").isFalse();
		TokenHandOver.keep(attributes, new Claim(new ChatUser(1, "ann"), "secret", 2L));
		assertThat(TokenHandOver.handedOver(attributes)).isFalse();

		assertThat(TokenHandOver.handOver(attributes)).isEqualTo("secret");
		assertThat(TokenHandOver.handedOver(attributes)).isTrue();
		assertThat(TokenHandOver.handOver(attributes)).as("a second reply on that connection").isEqualTo("secret");
	}

	@Test
	void aClaimWithoutANewTokenHasNothingToHandOver() {
		TokenHandOver.keep(attributes, new Claim(new ChatUser(1, "ann"), null, 2L));

		assertThat(TokenHandOver.handOver(attributes)).isNull();
		assertThat(TokenHandOver.handedOver(attributes)).isFalse();
		assertThat(TokenHandOver.handOver(null)).isNull();
		assertThat(TokenHandOver.handedOver(null)).isFalse();
	}

}
