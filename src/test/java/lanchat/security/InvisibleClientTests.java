package lanchat.security;

import java.util.ArrayList;
import java.util.List;

import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, finding 1: a client must never be in the room without being seen. A CONNECT
 * without a usable {@code accept-version} got no CONNECTED and no connected event, so
 * presence never saw it, while its SUBSCRIBE and SEND worked. Now it is refused; and
 * whoever is let in is registered by admission itself, so even a client that subscribes
 * to nothing is listed, kicked and banned.
 */
class InvisibleClientTests extends IntegrationTest {

	@Test
	void aConnectWithoutAUsableAcceptVersionIsRefusedAndWhatItSentBehindGoesNowhere() {
		String host = name("host");
		try (StompTestClient bystander = connect(host).listen()) {
			for (String version : new String[] { "", "accept-version:1.0\n", "accept-version:0.9,2.0\n" }) {
				String ghost = name("ghost");
				try (RawStomp raw = RawStomp.open(port)) {
					raw.send("CONNECT\n" + version + "host:localhost\nusername:" + ghost + "\n\n\0"
							+ "SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0"
							+ "SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
							+ "{\"type\":\"message\",\"content\":\"boo from " + ghost + "\"}\0");
					assertThat(raw.nextFrame()).as("CONNECT with %s", version.isEmpty() ? "no accept-version" : version)
						.startsWith("ERROR")
						.contains("\ncode:bad-frame\n")
						.contains("accept-version");
					raw.awaitClosed();
				}
			}
			bystander.say("marker");
			List<String> seen = new ArrayList<>();
			for (JsonNode message = bystander.publicInbox().next(); !"marker"
				.equals(message.path("content").asString("")); message = bystander.publicInbox().next()) {
				seen.add(message.path("content").asString(""));
			}
			assertThat(seen).noneMatch(content -> content.startsWith("boo from") || content.startsWith("ghost"));
		}
	}

	@Test
	void aClientThatSubscribesToNothingIsStillListedAndKicked() {
		String host = name("host");
		String quiet = name("quiet");
		try (StompTestClient moderator = connect(host).listen(); RawStomp raw = RawStomp.open(port)) {
			assertThat(raw.connect(quiet)).startsWith("CONNECTED");
			moderator.say("/who");
			assertThat(moderator.systemReply("online:").path("content").asString()).contains(quiet);
			moderator.say("/op test-moderator-secret");
			moderator.systemReply("You are a moderator now");
			moderator.say("/kick " + quiet);
			moderator.publicInbox()
				.next(m -> (quiet + " was kicked by " + host + ".").equals(m.path("content").asString("")));
			raw.awaitClosed();
			moderator.presenceInbox()
				.next(m -> quiet.equals(m.path("username").asString(""))
						&& "offline".equals(m.path("status").asString("")));
		}
	}

}
