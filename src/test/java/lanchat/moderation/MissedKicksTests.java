package lanchat.moderation;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import lanchat.identity.IdentityService;
import lanchat.support.ClockedIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kick made on another node whose notice was lost (the broker was away), caught up
 * here: what came before it is judged on the database's clock, which this node's clock
 * (moved by the tests) need not agree with.
 */
class MissedKicksTests extends ClockedIntegrationTest {

	private static final Predicate<JsonNode> KICKED = message -> message.path("code").asString("").equals("kicked");

	@Autowired
	private ModerationService moderation;

	@Autowired
	private ModerationStore store;

	@Autowired
	private IdentityService identities;

	@Test
	void aKickClosesTheConnectionsLetInBeforeItThoughThisNodesClockIsAnHourAhead() {
		clock.advance(Duration.ofHours(1));
		String mallory = name("mallory");
		try (StompTestClient kicked = connect(mallory).listen()) {
			String token = kicked.sessionInfo().path("token").asString();
			long identityId = identities.holder(mallory).orElseThrow().identityId();
			clock.advance(Duration.ofMinutes(1));
			// what another node's /kick leaves behind when its notice never arrives
			store.kick(identityId, store.now());
			clock.advance(Duration.ofMinutes(1));
			var sameDevice = StompTestClient.headers(mallory);
			sameDevice.add("token", token);
			try (StompTestClient cameBack = StompTestClient.connect(port, sameDevice).listen()) {
				String username = cameBack.sessionInfo().path("username").asString();
				moderation.catchUp();
				assertThat(kicked.systemReply("You were kicked").path("code").asString()).isEqualTo("kicked");
				kicked.awaitClosed();
				cameBack.say("back after the kick");
				assertThat(cameBack.publicMessage(username, "back after the kick").path("content").asString())
					.isEqualTo("back after the kick");
				assertThat(cameBack.systemInbox().arrived()).as("a connection made after the kick stays")
					.noneMatch(KICKED);
			}
		}
	}

	@Test
	void aKickOlderThanTheNodesKeepIsForgottenAndClosesNothing() {
		String trent = name("trent");
		try (StompTestClient stays = connect(trent).listen()) {
			String username = stays.sessionInfo().path("username").asString();
			long identityId = identities.holder(trent).orElseThrow().identityId();
			clock.advance(MissedKicks.KEPT.plusMinutes(1));
			// after trent was let in, as this node's clock tells it, but longer ago than
			// kicks are kept
			store.kick(identityId, store.now().minus(MissedKicks.KEPT).minusSeconds(1));
			moderation.catchUp();
			assertThat(store.kicksSince(Instant.EPOCH)).doesNotContainKey(identityId);
			stays.say("never kicked in time");
			assertThat(stays.publicMessage(username, "never kicked in time").path("content").asString())
				.isEqualTo("never kicked in time");
			// a kick would have been told before the echo of what was said after it
			assertThat(stays.systemInbox().arrived()).noneMatch(KICKED);
		}
	}

}
