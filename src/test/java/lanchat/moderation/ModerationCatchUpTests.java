package lanchat.moderation;

import java.time.Clock;
import java.util.List;

import lanchat.identity.IdentityService;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ban made on another node reaches this one as a notice through the broker; when the
 * notice is lost (the broker was away), the ban is still in the database, and catching up
 * with it closes the banned identity's connections here and refuses it from then on.
 */
class ModerationCatchUpTests extends IntegrationTest {

	@Autowired
	private ModerationService moderation;

	@Autowired
	private ModerationStore store;

	@Autowired
	private IdentityService identities;

	@Autowired
	private Clock clock;

	@Test
	void aBanWhoseNoticeWasLostTakesEffectAtTheNextCatchUp() {
		String mallory = name("mallory");
		String token;
		try (StompTestClient banned = connect(mallory).listen()) {
			token = banned.sessionInfo().path("token").asString();
			long identityId = identities.holder(mallory).orElseThrow().identityId();
			// what another node's /ban leaves behind when its notice never arrives
			store.ban(identityId, List.of(), mallory, clock.instant());
			moderation.catchUp();
			assertThat(banned.systemReply("You were banned").path("code").asString()).isEqualTo("banned");
			banned.awaitClosed();
		}
		var sameDevice = StompTestClient.headers(mallory);
		sameDevice.add("token", token);
		assertThat(StompTestClient.refusalError(port, sameDevice).code()).isEqualTo("banned");
	}

}
