package lanchat.presence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import lanchat.admission.ConnectionClosed;
import lanchat.delivery.Connection;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
	void aSecondDeviceNeitherJoinsNorLeaves() {
		String watcher = name("watcher");
		String alice = name("alice");
		try (StompTestClient w = connect(watcher).listen(); StompTestClient phone = connect(alice)) {
			w.publicInbox().next(m -> (alice + " has joined the chat!").equals(m.path("content").asString("")));
			var headers = StompTestClient.headers(alice);
			headers.add("token", phone.sessionInfo().path("token").asString());
			// admission says a connection closed once presence has handled its leave (and
			// announced it, were it the last): what the phone says next comes after that
			List<Connection> closed = new CopyOnWriteArrayList<>();
			ApplicationListener<ApplicationEvent> closes = event -> {
				if (event instanceof PayloadApplicationEvent<?> payload
						&& payload.getPayload() instanceof ConnectionClosed close) {
					closed.add(close.connection());
				}
			};
			context.addApplicationListener(closes);
			try {
				try (StompTestClient laptop = StompTestClient.connect(port, headers)) {
					laptop.sessionInfo();
				}
				await().until(() -> closed.stream().anyMatch(connection -> connection.user().username().equals(alice)));
			}
			finally {
				context.removeApplicationListener(closes);
			}
			phone.say("still here on the phone");
			assertThat(w.publicInbox().before(m -> m.path("content").asString("").equals("still here on the phone")))
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
