package lanchat.gateway;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moderators reach the seed's TCP clients too: a ban closes them and keeps them out.
 */
class TcpModerationTests extends IntegrationTest {

	@Autowired
	private TcpGateway gateway;

	@Test
	void aBannedTcpUserIsDisconnectedAndCannotComeBack() {
		String host = name("host");
		String troll = name("troll");
		try (StompTestClient moderator = connect(host).listen();
				TcpTestClient client = TcpTestClient.json(gateway.port())) {
			client.write("{\"type\":\"username\",\"content\":\"" + troll + "\"}");
			client.nextObject(troll + " has joined the chat!");
			moderator.say("/op test-moderator-secret");
			moderator.systemReply("You are a moderator now");
			moderator.say("/ban " + troll);
			moderator.publicInbox()
				.next(m -> (troll + " was banned by " + host + ".").equals(m.path("content").asString("")));
			client.nextContaining("You were banned");
			client.awaitClosedByServer();
			moderator.say("/unban " + troll);
			moderator.publicInbox()
				.next(m -> (troll + " was unbanned by " + host + ".").equals(m.path("content").asString("")));
		}
	}

	@Test
	void aBannedIdentityIsRefusedOverTcpEvenWithItsToken() {
		String host = name("host");
		String troll = name("troll");
		String token;
		try (StompTestClient moderator = connect(host).listen(); StompTestClient t = connect(troll).listen()) {
			token = t.sessionInfo().path("token").asString();
			moderator.say("/op test-moderator-secret");
			moderator.systemReply("You are a moderator now");
			moderator.say("/ban " + troll);
			t.awaitClosed();
		}
		try (TcpTestClient client = TcpTestClient.json(gateway.port())) {
			// with the identity's own token, so that only the ban stands in the way
			client.write("{\"type\":\"username\",\"content\":\"" + troll + "\",\"token\":\"" + token + "\"}");
			assertThat(client.nextContaining("banned")).contains("you are banned from this chat");
			client.awaitClosedByServer();
		}
	}

}
