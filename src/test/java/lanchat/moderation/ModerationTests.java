package lanchat.moderation;

import java.time.Duration;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host's tools, over real STOMP: claiming rights, kick, mute with expiry, slow mode, removing a
 * message, and that nobody else can use them.
 */
class ModerationTests extends IntegrationTest {

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
	void theSecretGivesRightsToThatConnection() {
		String host = name("host");
		try (StompTestClient h = moderator(host)) {
			assertThat(h.sessionInfo().path("moderator").asBoolean()).isTrue();
			h.say("/help");
			String help = h.systemReply("Commands:").path("content").asString();
			assertThat(help).contains("/kick <name>", "/mute <name> <minutes>", "/ban <name>", "/unban <name>",
					"/slow <seconds>", "/clear <message id>");
		}
	}

	@Test
	void kickDisconnectsEveryDeviceAndIsAnnounced() {
		String host = name("host");
		String rowdy = name("rowdy");
		try (StompTestClient h = moderator(host); StompTestClient r = connect(rowdy).listen()) {
			String token = r.sessionInfo().path("token").asString();
			h.say("/kick " + rowdy);
			JsonNode announced = h.publicInbox().next(m -> (rowdy + " was kicked by " + host + ".").equals(m.path("content").asString("")));
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
	void aMuteStopsMessagesUntilItExpires() throws InterruptedException {
		String host = name("host");
		String loud = name("loud");
		try (StompTestClient h = moderator(host); StompTestClient l = connect(loud).listen()) {
			h.say("/mute " + loud + " 0.05");
			h.publicInbox().next(m -> m.path("content").asString("").startsWith(loud + " was muted for 3 seconds"));
			l.say("can you hear me?");
			l.systemReply("You are muted for");
			l.whisper(host, "psst");
			l.systemReply("You are muted for");
			assertThat(h.publicInbox().drain(Duration.ofMillis(200)))
				.noneMatch(m -> "can you hear me?".equals(m.path("content").asString("")));
			Thread.sleep(3200);
			l.say("back again");
			l.publicMessage(loud, "back again");
		}
	}

	@Test
	void slowModeSpacesEachPersonsMessages() {
		String host = name("host");
		String chatty = name("chatty");
		try (StompTestClient h = moderator(host); StompTestClient c = connect(chatty).listen()) {
			h.say("/slow 30");
			h.publicInbox().next(m -> m.path("content").asString("").startsWith("Slow mode: one message every 30 seconds"));
			c.say("first");
			c.publicMessage(chatty, "first");
			c.say("second");
			c.systemReply("Slow mode is on: wait");
			h.say("/slow 0");
			h.publicInbox().next(m -> "Slow mode is off.".equals(m.path("content").asString("")));
			c.say("third");
			c.publicMessage(chatty, "third");
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
			h.publicInbox().next(m -> ("Message " + id + " was removed by " + host + ".").equals(m.path("content").asString("")));
			StompHeaders around = new StompHeaders();
			around.add("after", Long.toString(id - 1));
			assertThat(s.request("/app/history", around)).noneMatch(m -> m.path("id").asLong() == id);
			h.say("/clear 999999999");
			h.systemReply("There is no message 999999999");
		}
	}

	private StompTestClient moderator(String name) {
		StompTestClient client = connect(name).listen();
		client.say("/op test-moderator-secret");
		client.systemReply("You are a moderator now");
		return client;
	}

}
