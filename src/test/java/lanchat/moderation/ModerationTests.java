package lanchat.moderation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import lanchat.support.ClockedIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host's tools, over real STOMP: claiming rights (which belong to the identity),
 * kick, mute with expiry, slow mode, removing a message, and that nobody else can use
 * them. Time is moved, not waited for.
 */
class ModerationTests extends ClockedIntegrationTest {

	@Autowired
	private ModerationStore store;

	@Autowired
	private ModerationService moderation;

	@Test
	void onlyModeratorsCanUseOrSeeModeratorCommands() {
		String mallory = name("mallory");
		String target = name("target");
		try (StompTestClient m = connect(mallory).listen(); StompTestClient t = connect(target).listen()) {
			for (String command : new String[] { "/kick " + target, "/mute " + target + " 5", "/ban " + target,
					"/unban " + target, "/slow 5", "/clear 1" }) {
				m.say(command);
				m.systemReply("Only moderators can use /" + command.substring(1, command.indexOf(' ')));
			}
			m.say("/help");
			assertThat(m.systemReply("Commands:").path("content").asString()).contains("/op <secret>")
				.doesNotContain("/kick");
			m.say("/op guess");
			m.systemReply("not the moderator secret");
			m.say("/op another-guess");
			m.systemReply("Please wait a moment");
			assertThat(m.sessionInfo().path("moderator").asBoolean()).isFalse();
			assertThat(t.isConnected()).isTrue();
		}
	}

	@Test
	void theSecretGivesRightsToTheIdentityOnEveryDeviceUntilDeop() {
		String host = name("host");
		String rowdy = name("rowdy");
		String token;
		try (StompTestClient h = moderator(host); StompTestClient r = connect(rowdy).listen()) {
			token = h.sessionInfo().path("token").asString();
			assertThat(h.sessionInfo().path("moderator").asBoolean()).isTrue();
			h.say("/help");
			String help = h.systemReply("Commands:").path("content").asString();
			assertThat(help).contains("/kick <name>", "/mute <name> <minutes>", "/ban <name>", "/unban <name>",
					"/slow <seconds>", "/clear <message id>", "/deop [name]");
			try (StompTestClient laptop = StompTestClient.connect(port, withToken(host, token)).listen()) {
				assertThat(laptop.sessionInfo().path("moderator").asBoolean()).as("another device").isTrue();
				laptop.say("/mute " + rowdy + " 1");
				laptop.publicInbox().next(m -> m.path("content").asString("").startsWith(rowdy + " was muted"));
			}
		}
		try (StompTestClient again = StompTestClient.connect(port, withToken(host, token)).listen()) {
			assertThat(again.sessionInfo().path("moderator").asBoolean()).as("after reconnecting").isTrue();
			again.say("/deop");
			again.systemReply("You are no longer a moderator.");
			assertThat(again.sessionInfo().path("moderator").asBoolean()).isFalse();
			again.say("/kick " + rowdy);
			again.systemReply("Only moderators can use /kick");
		}
	}

	@Test
	void aModeratorCanTakeAnotherOnesRights() {
		String first = name("first");
		String second = name("second");
		String bystander = name("bystander");
		try (StompTestClient a = moderator(first);
				StompTestClient b = moderator(second);
				StompTestClient c = connect(bystander).listen()) {
			a.say("/deop " + bystander);
			a.systemReply(bystander + " is not a moderator.");
			a.say("/deop " + second);
			a.systemReply(second + " is no longer a moderator.");
			assertThat(b.sessionInfo().path("moderator").asBoolean()).isFalse();
			assertThat(a.sessionInfo().path("moderator").asBoolean()).isTrue();
		}
	}

	@Test
	void kickDisconnectsEveryDeviceAndIsAnnounced() {
		String host = name("host");
		String rowdy = name("rowdy");
		try (StompTestClient h = moderator(host); StompTestClient r = connect(rowdy).listen()) {
			String token = r.sessionInfo().path("token").asString();
			h.say("/kick " + rowdy);
			JsonNode announced = h.publicInbox()
				.next(m -> (rowdy + " was kicked by " + host + ".").equals(m.path("content").asString("")));
			assertThat(announced.path("type").asString()).isEqualTo("notification");
			r.systemReply("You were kicked");
			r.awaitClosed();
			StompHeaders back = StompTestClient.headers(rowdy);
			back.add("token", token);
			try (StompTestClient again = StompTestClient.connect(port, back)) {
				assertThat(again.sessionInfo().path("username").asString()).isEqualTo(rowdy);
			}
		}
	}

	@Test
	void aMuteStopsMessagesUntilItExpires() {
		String host = name("host");
		String loud = name("loud");
		try (StompTestClient h = moderator(host); StompTestClient l = connect(loud).listen()) {
			h.say("/mute " + loud + " 0.05");
			h.publicInbox().next(m -> m.path("content").asString("").startsWith(loud + " was muted for 3 seconds"));
			l.say("can you hear me?");
			l.systemReply("You are muted for");
			l.whisper(host, "psst");
			l.systemReply("You are muted for");
			clock.advance(Duration.ofSeconds(4));
			l.say("back again");
			List<String> heard = new ArrayList<>();
			for (JsonNode m = h.publicInbox().next(); !"back again"
				.equals(m.path("content").asString("")); m = h.publicInbox().next()) {
				heard.add(m.path("content").asString(""));
			}
			assertThat(heard).as("what came before the first message after the mute")
				.doesNotContain("can you hear me?");
		}
	}

	@Test
	void slowModeSpacesEachPersonsMessages() {
		String host = name("host");
		String chatty = name("chatty");
		try (StompTestClient h = moderator(host); StompTestClient c = connect(chatty).listen()) {
			h.say("/slow 30");
			h.publicInbox()
				.next(m -> m.path("content").asString("").startsWith("Slow mode: one message every 30 seconds"));
			c.say("first");
			c.publicMessage(chatty, "first");
			c.say("second");
			c.systemReply("Slow mode is on: wait 30 seconds");
			clock.advance(Duration.ofSeconds(31));
			c.say("third");
			c.publicMessage(chatty, "third");
			h.say("/slow 0");
			h.publicInbox().next(m -> "Slow mode is off.".equals(m.path("content").asString("")));
			c.say("fourth");
			c.publicMessage(chatty, "fourth");
		}
	}

	@Test
	void aSlowModeThatOnlyTheDatabaseKnowsTakesHoldAtTheNextCatchUp() {
		String chatty = name("chatty");
		// as another node of a cluster stores it while the broker, which would have said
		// so, is away
		store.saveSlowMode(Duration.ofSeconds(30));
		try (StompTestClient c = connect(chatty).listen()) {
			c.say("before");
			c.publicMessage(chatty, "before");
			c.say("still before");
			c.publicMessage(chatty, "still before");
			moderation.catchUp();
			c.say("first");
			c.publicMessage(chatty, "first");
			c.say("second");
			c.systemReply("Slow mode is on: wait 30 seconds");
		}
		finally {
			store.saveSlowMode(Duration.ZERO);
			moderation.catchUp();
		}
	}

	@Test
	void clearRemovesAMessageFromHistory() {
		String host = name("host");
		String spammer = name("spammer");
		try (StompTestClient h = moderator(host); StompTestClient s = connect(spammer).listen()) {
			s.say("buy cheap stuff");
			long id = s.publicMessage(spammer, "buy cheap stuff").path("id").asLong();
			h.say("/clear " + id);
			h.publicInbox()
				.next(m -> ("Message " + id + " was removed by " + host + ".").equals(m.path("content").asString("")));
			StompHeaders around = new StompHeaders();
			around.add("after", Long.toString(id - 1));
			assertThat(s.request("/app/history", around)).noneMatch(m -> m.path("id").asLong() == id);
			h.say("/clear 999999999");
			h.systemReply("There is no message 999999999");
		}
	}

	private static StompHeaders withToken(String name, String token) {
		StompHeaders headers = StompTestClient.headers(name);
		headers.add("token", token);
		return headers;
	}

	private StompTestClient moderator(String name) {
		StompTestClient client = connect(name).listen();
		client.say("/op test-moderator-secret");
		client.systemReply("You are a moderator now");
		return client;
	}

}
