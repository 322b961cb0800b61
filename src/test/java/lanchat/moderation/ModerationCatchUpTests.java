package lanchat.moderation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import lanchat.admission.Elsewhere;
import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.identity.IdentityService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ban or kick made on another node reaches this one as a notice through the broker;
 * when the notice is lost (the broker was away), the ban or kick is still in the
 * database. Catching up with a ban closes the banned identity's connections here and
 * refuses it, and the addresses it was seen at, from then on. Catching up with kicks:
 * {@link MissedKicksTests}.
 */
class ModerationCatchUpTests extends IntegrationTest {

	/** Where the other node saw the banned identity (a documentation address). */
	private static final String ADDRESS = "203.0.113.9";

	/** Where two banned identities were seen. */
	private static final String SHARED = "203.0.113.10";

	@Autowired
	private ModerationService moderation;

	@Autowired
	private ModerationStore store;

	@Autowired
	private IdentityService identities;

	@Autowired
	private OpenConnections connections;

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
			store.ban(identityId, List.of(ADDRESS), mallory, clock.instant());
			moderation.catchUp();
			assertThat(banned.systemReply("You were banned").path("code").asString()).isEqualTo("banned");
			banned.awaitClosed();
		}
		var sameDevice = StompTestClient.headers(mallory);
		sameDevice.add("token", token);
		assertThat(StompTestClient.refusalError(port, sameDevice).code()).isEqualTo("banned");
		assertThatThrownBy(() -> moderation.checkAddress(ADDRESS)).as("where mallory was seen")
			.isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.BANNED));
	}

	@Test
	void aKickInAClusterIsNotedForNodesThatMissItsNoticeAndOnASingleNodeIsNot() {
		Connection moderator = new Connection("moderator", new ChatUser(0, "mod"), Transport.STOMP);
		String alone = name("alone");
		String clustered = name("clustered");
		try (StompTestClient one = connect(alone); StompTestClient two = connect(clustered)) {
			one.sessionInfo();
			two.sessionInfo();
			long aloneId = moderation.kick(moderator, alone).identityId();
			connections.spanNodes(new Elsewhere() {
			});
			long clusteredId;
			try {
				clusteredId = moderation.kick(moderator, clustered).identityId();
			}
			finally {
				connections.spanNodes(Elsewhere.NONE);
			}
			assertThat(store.kicksSince(Instant.EPOCH)).containsKey(clusteredId).doesNotContainKey(aloneId);
		}
	}

	@Test
	void anAddressStaysBannedUntilTheLastBanThatSawItIsLifted() {
		String first = name("trudy");
		String second = name("eve");
		long firstId;
		long secondId;
		try (StompTestClient one = connect(first); StompTestClient two = connect(second)) {
			// as the page does: a name whose token never reached its client is not held
			// once it leaves
			one.sessionInfo();
			two.sessionInfo();
			firstId = identities.holder(first).orElseThrow().identityId();
			secondId = identities.holder(second).orElseThrow().identityId();
		}
		store.ban(firstId, List.of(SHARED), first, clock.instant());
		store.ban(secondId, List.of(SHARED), second, clock.instant());
		moderation.catchUp();
		Connection moderator = new Connection("moderator", new ChatUser(0, "mod"), Transport.STOMP);

		assertThat(moderation.unban(moderator, first)).isTrue();
		assertThatThrownBy(() -> moderation.checkAddress(SHARED)).as("the other ban still holds it")
			.isInstanceOf(Refusal.class);

		assertThat(moderation.unban(moderator, second)).isTrue();
		moderation.checkAddress(SHARED);
	}

}
