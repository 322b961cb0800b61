package lanchat.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.presence.UserStatus;
import lanchat.protocol.PresenceStatus;
import lanchat.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node's view of the room, fed other nodes' events by hand and moved on a clock:
 * joins and leaves per identity across nodes, missed events made good by snapshots, dead
 * nodes, and a broker outage that judges no one.
 */
class ClusterRosterTests {

	private final MutableClock clock = new MutableClock();

	private final List<Event> published = new ArrayList<>();

	private final List<String> announced = new ArrayList<>();

	private final List<String> dead = new ArrayList<>();

	private final ClusterProperties properties = new Binder(new MapConfigurationPropertySource(java.util.Map.of()))
		.bindOrCreate("lanchat.cluster", ClusterProperties.class);

	private final Announcements announcements = new Announcements() {

		@Override
		public void joined(String name) {
			announced.add(name + " joined");
		}

		@Override
		public void left(String name) {
			announced.add(name + " left");
		}

		@Override
		public void status(String name, PresenceStatus status) {
			announced.add(name + " " + status.wireName());
		}
	};

	private final ClusterRoster roster = new ClusterRoster("a", published::add, announcements, connection -> "10.0.0.1",
			properties, null, clock);

	{
		roster.whenNodeDies(dead::add);
	}

	private static final ChatUser ALICE = new ChatUser(1, "Alice");

	private static Event.Member member(String connection, ChatUser user, String address) {
		return new Event.Member(connection, user.identityId(), user.username(), address, Instant.EPOCH);
	}

	@Test
	void anIdentityLeavesWhenItsLastConnectionOnAnyNodeCloses() {
		Connection here = new Connection("1", ALICE, Transport.STOMP);
		roster.connected(here, clock.instant());
		roster.opened(new Event.Opened("b", 1, member("S7", ALICE, "10.0.0.2")));
		roster.disconnected(here);
		assertThat(announced).containsExactly("Alice joined");
		assertThat(roster.isOnline(1)).isTrue();
		assertThat(roster.connectedElsewhere(1)).isTrue();
		roster.closed(new Event.Closed("b", 2, "S7"));
		assertThat(announced).containsExactly("Alice joined", "Alice left");
		assertThat(roster.isOnline(1)).isFalse();
		assertThat(published).hasSize(2).allMatch(event -> event.node().equals("a"));
	}

	@Test
	void countsOtherNodesConnectionsPerAddressButNotItsOwn() {
		roster.connected(new Connection("1", ALICE, Transport.STOMP), clock.instant());
		roster.opened(new Event.Opened("b", 1, member("S1", new ChatUser(2, "Bob"), "10.0.0.1")));
		roster.opened(new Event.Opened("c", 1, member("S1", new ChatUser(3, "Cy"), "10.0.0.1")));
		assertThat(roster.fromAddressElsewhere("10.0.0.1")).isEqualTo(2);
		assertThat(roster.addressesElsewhere(2)).containsExactly("10.0.0.1");
		roster.closed(new Event.Closed("b", 2, "S1"));
		assertThat(roster.fromAddressElsewhere("10.0.0.1")).isEqualTo(1);
	}

	@Test
	void aSkippedEventNumberAsksForASnapshotWhichSettlesTheView() {
		roster.opened(new Event.Opened("b", 1, member("S1", ALICE, "10.0.0.2")));
		// events 2 and 3 were lost: Bob joined and Alice's connection closed
		roster.opened(new Event.Opened("b", 4, member("S9", new ChatUser(3, "Cy"), "10.0.0.3")));
		assertThat(published).containsExactly(new Event.SnapshotWanted("a", "b"));
		roster.snapshot(new Event.Snapshot("b", 4,
				List.of(member("S2", new ChatUser(2, "Bob"), "10.0.0.2"),
						member("S9", new ChatUser(3, "Cy"), "10.0.0.3")),
				List.of(new Event.Status(2, "away", Instant.EPOCH.plusSeconds(1)))));
		assertThat(announced).containsExactly("Alice joined", "Cy joined", "Alice left", "Bob joined", "Bob away");
		assertThat(roster.snapshot()).extracting(user -> user.username() + ":" + user.status())
			.containsExactly("Bob:away", "Cy:online");
	}

	@Test
	void aNodeNotHeardForDeadAfterLeavesWithItsPeopleWhileThisNodeHearsItself() {
		roster.heartbeat(new Event.Heartbeat("a", 0));
		roster.beat();
		roster.heartbeat(new Event.Heartbeat("b", 0));
		roster.opened(new Event.Opened("b", 1, member("S1", ALICE, "10.0.0.2")));
		for (int second = 1; second <= 5; second++) {
			clock.advance(Duration.ofSeconds(1));
			roster.heartbeat(new Event.Heartbeat("a", 0));
			roster.beat();
		}
		assertThat(announced).containsExactly("Alice joined");
		clock.advance(Duration.ofSeconds(1));
		roster.heartbeat(new Event.Heartbeat("a", 0));
		roster.beat();
		assertThat(announced).containsExactly("Alice joined", "Alice left");
		assertThat(dead).containsExactly("b");
		assertThat(roster.liveNodes()).containsExactly("a");
	}

	@Test
	void whileTheBrokerIsDownNoOneIsJudgedAndAfterwardsEveryoneGetsAFreshChance() {
		roster.heartbeat(new Event.Heartbeat("a", 0));
		roster.heartbeat(new Event.Heartbeat("b", 0));
		roster.opened(new Event.Opened("b", 1, member("S1", ALICE, "10.0.0.2")));
		// the broker is down for a minute: no heart-beat arrives, not even this node's
		// own
		for (int second = 1; second <= 60; second++) {
			clock.advance(Duration.ofSeconds(1));
			roster.beat();
		}
		// it is back: this node hears itself first, the other a moment later
		roster.heartbeat(new Event.Heartbeat("a", 0));
		roster.beat();
		clock.advance(Duration.ofSeconds(1));
		roster.heartbeat(new Event.Heartbeat("a", 0));
		roster.heartbeat(new Event.Heartbeat("b", 1));
		roster.beat();
		assertThat(announced).containsExactly("Alice joined");
		assertThat(dead).isEmpty();
	}

	@Test
	void aStoppingNodesPeopleLeaveAtOnce() {
		roster.opened(new Event.Opened("b", 1, member("S1", ALICE, "10.0.0.2")));
		roster.leaving(new Event.Leaving("b"));
		assertThat(announced).containsExactly("Alice joined", "Alice left");
	}

	@Test
	void theLatestStatusWinsWhicheverNodeSetIt() {
		roster.connected(new Connection("1", ALICE, Transport.STOMP), clock.instant());
		roster.statusSet(new Event.StatusSet("b", 1, 1, "away", clock.instant().plusSeconds(2)));
		roster.statusSet(ALICE, PresenceStatus.ONLINE, clock.instant().plusSeconds(1));
		assertThat(announced).containsExactly("Alice joined", "Alice away");
		assertThat(roster.snapshot()).extracting(user -> user.status()).containsExactly("away");
	}

	@Test
	void aNodeStartedAgainUnderItsNameBeforeItWasTakenForDeadReplacesItsFormerConnections() {
		roster.opened(new Event.Opened("b", 1, member("S1", ALICE, "10.0.0.2")));
		roster.opened(new Event.Opened("b", 2, member("S2", new ChatUser(2, "Bob"), "10.0.0.2")));
		// b is killed and started again at once under its name: it numbers above its
		// former self, and its first connection has an id its former self used
		long again = 5_000_000;
		roster.opened(new Event.Opened("b", again, member("S1", new ChatUser(3, "Cy"), "10.0.0.3")));
		assertThat(published).containsExactly(new Event.SnapshotWanted("a", "b"));
		roster.snapshot(
				new Event.Snapshot("b", again, List.of(member("S1", new ChatUser(3, "Cy"), "10.0.0.3")), List.of()));
		assertThat(announced).containsExactly("Alice joined", "Bob joined", "Alice left", "Cy joined", "Bob left");
		assertThat(roster.snapshot()).extracting(UserStatus::username).containsExactly("Cy");
		assertThat(roster.fromAddressElsewhere("10.0.0.2")).isZero();
	}

	@Test
	void aNodeStartedAgainNumbersItsEventsAboveItsFormerSelf() {
		List<Event> former = new ArrayList<>();
		ClusterRoster formerA = new ClusterRoster("a", former::add, announcements, connection -> "10.0.0.1", properties,
				null, clock);
		formerA.connected(new Connection("1", ALICE, Transport.STOMP), clock.instant());
		clock.advance(Duration.ofSeconds(1));
		List<Event> again = new ArrayList<>();
		ClusterRoster startedAgain = new ClusterRoster("a", again::add, announcements, connection -> "10.0.0.1",
				properties, null, clock);
		startedAgain.connected(new Connection("1", ALICE, Transport.STOMP), clock.instant());
		assertThat(((Event.Opened) again.get(0)).seq()).isGreaterThan(((Event.Opened) former.get(0)).seq());
	}

	@Test
	void aDeadNodesTicketsAreClosedOutsideTheRostersLock() {
		// closing them writes to PostgreSQL: connections and the inbox must not wait
		// for it
		List<Boolean> underLock = new ArrayList<>();
		roster.whenNodeDies(name -> underLock.add(Thread.holdsLock(roster)));
		roster.heartbeat(new Event.Heartbeat("a", 0));
		roster.beat();
		roster.heartbeat(new Event.Heartbeat("b", 0));
		for (int second = 1; second <= 6; second++) {
			clock.advance(Duration.ofSeconds(1));
			roster.heartbeat(new Event.Heartbeat("a", 0));
			roster.beat();
		}
		assertThat(underLock).containsExactly(false);
	}

	@Test
	void aBrokerOutageTooShortToBeNoticedJudgesNoOneWhenDeadAfterIsTwiceTheHeartBeat() {
		ClusterProperties tight = new Binder(new MapConfigurationPropertySource(
				java.util.Map.of("lanchat.cluster.heartbeat", "1s", "lanchat.cluster.dead-after", "2s")))
			.bindOrCreate("lanchat.cluster", ClusterProperties.class);
		ClusterRoster judge = new ClusterRoster("a", published::add, announcements, connection -> "10.0.0.1", tight,
				null, clock);
		judge.whenNodeDies(dead::add);
		judge.heartbeat(new Event.Heartbeat("a", 0));
		judge.heartbeat(new Event.Heartbeat("b", 0));
		judge.beat();
		// the broker is away for 2.5 s, less than the 3 heart-beats after which this
		// node notices it does not hear itself
		clock.advance(Duration.ofSeconds(1));
		judge.beat();
		clock.advance(Duration.ofSeconds(1));
		judge.beat();
		clock.advance(Duration.ofMillis(500));
		// back: this node's heart-beat comes through first, b's on its next beat
		judge.heartbeat(new Event.Heartbeat("a", 0));
		judge.beat();
		assertThat(dead).isEmpty();
		clock.advance(Duration.ofMillis(500));
		judge.heartbeat(new Event.Heartbeat("b", 0));
		judge.heartbeat(new Event.Heartbeat("a", 0));
		judge.beat();
		assertThat(dead).isEmpty();
		assertThat(judge.liveNodes()).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void noHeartBeatFollowsTheNodesLeaving() {
		roster.stop();
		roster.beat();
		assertThat(published).last().isInstanceOf(Event.Leaving.class);
		assertThat(published).noneMatch(Event.Heartbeat.class::isInstance);
	}

}
