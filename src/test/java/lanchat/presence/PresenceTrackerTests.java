package lanchat.presence;

import java.time.Instant;
import java.util.List;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.protocol.PresenceStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The online list kept in order and encoded as it changes: what {@code /app/users}
 * answers must stay exactly what encoding the list afresh would give.
 */
class PresenceTrackerTests {

	private static final Instant START = Instant.parse("2026-12-05T12:00:00Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final PresenceTracker tracker = new PresenceTracker(json);

	private final Connection carol = connection(1, "Carol");

	private final Connection alice = connection(2, "alice");

	private final Connection bob = connection(3, "Bob");

	@Test
	void theListIsByNameIgnoringCaseAndEncodedAsAFreshEncodingWouldBe() {
		tracker.join(carol, START);
		tracker.join(alice, START.plusSeconds(1));
		tracker.join(bob, START.plusSeconds(2));

		assertThat(names(tracker.snapshot())).containsExactly("alice", "Bob", "Carol");
		assertEncodedAsTheSnapshot();
	}

	@Test
	void theEncodedListFollowsStatusChangesSecondDevicesAndLeaves() {
		tracker.join(alice, START);
		tracker.join(bob, START);
		assertEncodedAsTheSnapshot();

		assertThat(tracker.setStatus(bob.user(), PresenceStatus.AWAY, START.plusSeconds(5))).isTrue();
		assertThat(decoded()).contains(new UserStatus("Bob", "away", START.plusSeconds(5), "bob"));
		assertEncodedAsTheSnapshot();

		Connection bobsPhone = new Connection("bob-phone", bob.user(), Transport.STOMP);
		assertThat(tracker.join(bobsPhone, START.plusSeconds(6))).as("a second device is no join").isFalse();
		assertThat(tracker.leave(bob)).isFalse();
		assertThat(names(decoded())).containsExactly("alice", "Bob");

		assertThat(tracker.leave(bobsPhone)).isTrue();
		assertThat(names(decoded())).containsExactly("alice");
		assertThat(tracker.onlineCount()).isEqualTo(1);
		assertEncodedAsTheSnapshot();

		tracker.leave(alice);
		assertThat(new String(tracker.snapshotJson().bytes())).isEqualTo("[]");
	}

	private void assertEncodedAsTheSnapshot() {
		assertThat(new String(tracker.snapshotJson().bytes())).isEqualTo(json.writeValueAsString(tracker.snapshot()));
	}

	private List<UserStatus> decoded() {
		return json.readValue(tracker.snapshotJson().bytes(), new TypeReference<List<UserStatus>>() {
		});
	}

	private static List<String> names(List<UserStatus> list) {
		return list.stream().map(UserStatus::username).toList();
	}

	private static Connection connection(long identityId, String name) {
		return new Connection("session-" + identityId, new ChatUser(identityId, name), Transport.STOMP);
	}

}
