package lanchat.presence;

import lanchat.support.ClosedConnections;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static lanchat.support.StompTestClient.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md on joins, leaves and presence: per identity, whatever the number of
 * devices.
 */
class PresenceTests extends IntegrationTest {

	@Autowired
	private ConfigurableApplicationContext context;

	@Test
	void joinsAndLeavesAreAnnouncedInTheSeedsWordsAndAsPresence() {
		String watcher = name("watcher");
		String alice = name("alice");
		try (StompTestClient w = connect(watcher).listen()) {
			try (StompTestClient a = connect(alice)) {
				JsonNode joined = w.publicInbox()
					.next(m -> (alice + " has joined the chat!").equals(m.path("content").asString("")));
				assertThat(joined.path("type").asString()).isEqualTo("notification");
				assertThat(joined.path("username").asString()).isEqualTo(alice);
				assertThat(joined.has("id")).as("notifications are live only").isFalse();
				assertThat(joined.path("timestamp").asString()).isNotEmpty();
				JsonNode online = w.presenceInbox().next(m -> alice.equals(m.path("username").asString("")));
				assertThat(online.path("type").asString()).isEqualTo("presence");
				assertThat(online.path("status").asString()).isEqualTo("online");
			}
			JsonNode left = w.publicInbox()
				.next(m -> (alice + " has left the chat.").equals(m.path("content").asString("")));
			assertThat(left.path("type").asString()).isEqualTo("notification");
			JsonNode offline = w.presenceInbox().next(m -> alice.equals(m.path("username").asString("")));
			assertThat(offline.path("status").asString()).isEqualTo("offline");
		}
	}

	@Test
	void aSecondDeviceNeitherJoinsNorLeaves() throws InterruptedException {
		String watcher = name("watcher");
		String alice = name("alice");
		try (StompTestClient w = connect(watcher).listen(); StompTestClient phone = connect(alice)) {
			w.publicInbox().next(m -> (alice + " has joined the chat!").equals(m.path("content").asString("")));
			var headers = StompTestClient.headers(alice);
			headers.add("token", phone.sessionInfo().path("token").asString());
			// what the phone says once the laptop's leave was handled comes after any
			// announcement of it
			try (ClosedConnections closed = new ClosedConnections(context)) {
				try (StompTestClient laptop = StompTestClient.connect(port, headers)) {
					laptop.sessionInfo();
				}
				closed.awaitClosed(alice);
			}
			phone.say("still here on the phone");
			assertThat(w.publicInbox().before(content("still here on the phone")))
				.noneMatch(m -> m.path("content").asString("").startsWith(alice + " has"));
			assertThat(w.request("/app/users")).anyMatch(user -> alice.equals(user.path("username").asString("")));
		}
	}

	@Test
	void theUserListShowsWhoIsHereWithStatusAndSince() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			JsonNode users = a.request("/app/users");
			assertThat(users.isArray()).isTrue();
			JsonNode entry = null;
			for (JsonNode user : users) {
				if (bob.equals(user.path("username").asString(""))) {
					entry = user;
				}
			}
			assertThat(entry).isNotNull();
			assertThat(entry.path("status").asString()).isEqualTo("online");
			assertThat(entry.path("since").asString()).endsWith("Z");
		}
	}

	@Test
	void awayAndBackArePresenceEventsAndBadStatusesAreRefused() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			b.send("/app/presence", "{\"status\":\"away\"}");
			JsonNode away = a.presenceInbox()
				.next(m -> bob.equals(m.path("username").asString("")) && "away".equals(m.path("status").asString("")));
			assertThat(away.path("type").asString()).isEqualTo("presence");
			assertThat(a.request("/app/users")).anyMatch(user -> bob.equals(user.path("username").asString(""))
					&& "away".equals(user.path("status").asString("")));
			b.send("/app/presence", "{\"status\":\"offline\"}");
			b.systemReply("\"status\" must be \"online\" or \"away\"");
			b.send("/app/presence", "\"online\"");
			b.systemReply("must be a JSON object");
			assertThat(a.request("/app/users")).as("a refused status changes nothing")
				.anyMatch(user -> bob.equals(user.path("username").asString(""))
						&& "away".equals(user.path("status").asString("")));
			b.send("/app/presence", "{\"status\":\"online\"}");
			a.presenceInbox()
				.next(m -> bob.equals(m.path("username").asString(""))
						&& "online".equals(m.path("status").asString("")));
		}
	}

}
