package lanchat.security;

import java.util.ArrayList;
import java.util.List;

import lanchat.chat.ChatService;
import lanchat.chat.InboundChat;
import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.identity.ClaimRequest;
import lanchat.identity.IdentityService;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, finding 9: the send limit held per connection only, so one identity on 20
 * connections posted 192 messages a second. Now every message also counts against its
 * identity and its address. The rate here is so slow that nothing refills while the test
 * runs: each bucket lets exactly its burst through, and the count is exact, not timed.
 */
@TestPropertySource(properties = { "lanchat.limits.rate-per-second=0.001", "lanchat.limits.burst=4" })
class SharedRateLimitTests extends IntegrationTest {

	private static final int BURST = 4;

	@Autowired
	private ChatService chat;

	@Autowired
	private IdentityService identities;

	@Test
	void oneIdentityOrOneAddressSendsNoMoreOverManyConnectionsThanItsBucketHolds() {
		try (StompTestClient watcher = connect(name("watcher")).listen()) {
			String multi = name("multi");
			List<StompTestClient> devices = new ArrayList<>();
			devices.add(connect(multi).listen());
			String token = devices.get(0).sessionInfo().path("token").asString();
			for (int i = 1; i < 4; i++) {
				StompHeaders withToken = StompTestClient.headers(multi);
				withToken.add("token", token);
				devices.add(StompTestClient.connect(port, withToken).listen());
			}
			floodFrom(devices);
			assertThat(sentUntilMarker(watcher)).as("one identity on four connections").hasSize(BURST);

			List<StompTestClient> neighbours = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				neighbours.add(connect(name("neighbour")).listen());
			}
			floodFrom(neighbours);
			assertThat(sentUntilMarker(watcher))
				.as("three people on one address share three bursts, less what was sent")
				.hasSize(RateLimits.PEOPLE_PER_ADDRESS * BURST - BURST);
			devices.forEach(StompTestClient::close);
			neighbours.forEach(StompTestClient::close);
		}
	}

	/**
	 * Each client says a burst's worth, then is asked for its session: by then every SEND
	 * of it has been handled.
	 */
	private static void floodFrom(List<StompTestClient> clients) {
		for (StompTestClient client : clients) {
			for (int i = 0; i < BURST; i++) {
				client.say("flood " + i);
			}
		}
		clients.forEach(StompTestClient::sessionInfo);
	}

	/**
	 * What reached the room before a marker sent past every limit: history delivers in
	 * the order messages were appended, so nothing handled before the marker can arrive
	 * after it.
	 */
	private List<String> sentUntilMarker(StompTestClient watcher) {
		ChatUser marker = identities.claim(new ClaimRequest(name("marker"), null, null, "test", true)).join().user();
		chat.receive(new Connection("marker", marker, Transport.TCP), new InboundChat("message", "marker", null, null));
		List<String> flood = new ArrayList<>();
		for (JsonNode message = watcher.publicInbox().next(); !"marker"
			.equals(message.path("content").asString("")); message = watcher.publicInbox().next()) {
			if (message.path("content").asString("").startsWith("flood ")) {
				flood.add(message.path("content").asString());
			}
		}
		return flood;
	}

}
