package lanchat.cluster;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.ChatUser;
import lanchat.presence.PresenceRelay;
import lanchat.presence.PresenceService;
import lanchat.presence.UserStatus;
import lanchat.protocol.PresenceStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Who is in the room on every node: each node's open connections (its own as they open
 * and close, the others' from their events) and each identity's status. From it every
 * node decides joins and leaves per identity (joined when its first connection on any
 * node opens, left when its last one on any node closes) and announces them to its own
 * connections; {@code /who}, {@code /app/users}, private messages to someone offline and
 * the name hold read it too.
 * <p>
 * Each node numbers its presence events. A node that sees a number skipped (the broker
 * lost some while it was down) or hears of a node it does not know asks that node for a
 * snapshot. Nodes send heart-beats every {@code heartbeat}; one not heard for
 * {@code dead-after} is taken for dead and its connections leave. While this node does
 * not hear its own heart-beats (the broker is unreachable) it judges no one.
 */
@Component
@ClusterMode
class ClusterRoster implements PresenceRelay, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ClusterRoster.class);

	private final String me;

	private final Publisher bus;

	private final Announcements announce;

	private final Function<Connection, String> addressOf;

	private final ClusterProperties properties;

	private final @Nullable TaskScheduler scheduler;

	private final Clock clock;

	private final Membership room;

	private long seq;

	private final SelfHearing myself;

	private @Nullable ScheduledFuture<?> beats;

	/** Set once this node said it is leaving: a heart-beat after that would revive it. */
	private boolean left;

	/** Told when a node is taken for dead (its tickets are closed). */
	private volatile Consumer<String> onNodeDead = name -> {
	};

	@Autowired
	ClusterRoster(Node node, Bus bus, PresenceService presence, OpenConnections connections, Delivery delivery,
			ClusterProperties properties, TaskScheduler taskScheduler) {
		this(node.name(), bus, Announcements.to(presence, delivery),
				connection -> connections.addressOf(connection).orElse("unknown"), properties, taskScheduler,
				// the scheduler's clock: heart-beats are real time, even where a test
				// moves the application's clock
				taskScheduler.getClock());
		presence.relayThrough(this);
	}

	ClusterRoster(String me, Publisher bus, Announcements announce, Function<Connection, String> addressOf,
			ClusterProperties properties, @Nullable TaskScheduler scheduler, Clock clock) {
		this.me = me;
		this.bus = bus;
		this.announce = announce;
		this.addressOf = addressOf;
		this.properties = properties;
		this.myself = new SelfHearing(properties.heartbeat());
		this.scheduler = scheduler;
		this.clock = clock;
		this.room = new Membership(me, announce, clock.instant());
		// numbered from the start time in microseconds, not from 0: a node started again
		// under its name (lanchat.cluster.node-name) before the others took it for dead
		// numbers above its former self, so they see a gap and ask for a snapshot, which
		// replaces its former connections; from 0 its events would be dropped as old and
		// its former connections would stay in the room for good
		this.seq = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
	}

	void whenNodeDies(Consumer<String> action) {
		this.onNodeDead = action;
	}

	// ---- this node's connections

	@Override
	public synchronized void connected(Connection connection, Instant now) {
		Event.Member member = new Event.Member(key(connection), connection.user().identityId(),
				connection.user().username(), addressOf.apply(connection), now);
		room.add(me, member);
		bus.publish(new Event.Opened(me, ++seq, member));
	}

	@Override
	public synchronized void disconnected(Connection connection) {
		room.remove(me, key(connection));
		bus.publish(new Event.Closed(me, ++seq, key(connection)));
	}

	@Override
	public synchronized void statusSet(ChatUser user, PresenceStatus status, Instant now) {
		room.setStatus(user.identityId(), status.wireName(), now);
		bus.publish(new Event.StatusSet(me, ++seq, user.identityId(), status.wireName(), now));
	}

	// ---- what the room looks like

	@Override
	public synchronized boolean isOnline(long identityId) {
		return room.isOnline(identityId);
	}

	@Override
	public synchronized List<UserStatus> snapshot() {
		return room.snapshot();
	}

	synchronized int fromAddressElsewhere(String address) {
		return room.fromAddressElsewhere(address);
	}

	synchronized boolean connectedElsewhere(long identityId) {
		return room.connectedElsewhere(identityId);
	}

	synchronized List<String> addressesElsewhere(long identityId) {
		return room.addressesElsewhere(identityId);
	}

	/** The nodes this node knows to be alive, itself included. */
	synchronized Set<String> liveNodes() {
		return room.liveNodes();
	}

	// ---- other nodes' events

	synchronized void opened(Event.Opened event) {
		if (follows(event.node(), event.seq())) {
			room.add(event.node(), event.member());
		}
	}

	synchronized void closed(Event.Closed event) {
		if (follows(event.node(), event.seq())) {
			room.remove(event.node(), event.connection());
		}
	}

	synchronized void statusSet(Event.StatusSet event) {
		if (follows(event.node(), event.seq())) {
			room.setStatus(event.identityId(), event.status(), event.at());
		}
	}

	synchronized void heartbeat(Event.Heartbeat event) {
		Instant now = clock.instant();
		if (event.node().equals(me)) {
			if (myself.heard(now)) {
				// hearing itself first after a gap must not make the others look dead
				room.everyoneHeard(now);
			}
			return;
		}
		Membership.NodeView view = room.known(event.node());
		if (view == null || event.seq() > view.seq) {
			wantSnapshot(event.node(), now);
		}
		room.view(event.node(), now).heard = now;
	}

	synchronized void snapshotWanted(Event.SnapshotWanted event) {
		if (event.of().equals(me)) {
			bus.publish(room.mine(seq));
		}
	}

	synchronized void snapshot(Event.Snapshot event) {
		if (event.node().equals(me)) {
			return;
		}
		Membership.NodeView view = room.view(event.node(), clock.instant());
		if (event.seq() < view.seq) {
			return;
		}
		room.replace(event.node(), event.members());
		event.statuses().forEach(status -> room.setStatus(status.identityId(), status.status(), status.since()));
		view.seq = event.seq();
		view.wanted = null;
		view.heard = clock.instant();
	}

	synchronized void leaving(Event.Leaving event) {
		if (!event.node().equals(me)) {
			room.forget(event.node(), "stopped");
		}
	}

	// ---- heart-beats and deaths

	/**
	 * Sends this node's heart-beat and takes silent nodes for dead; every
	 * {@code heartbeat}.
	 */
	void beat() {
		// closing a dead node's tickets writes to PostgreSQL, which may be slow or down:
		// not under the lock that every connection, /who and the inbox wait for
		judgeOthers().forEach(onNodeDead);
	}

	private synchronized List<String> judgeOthers() {
		if (left) {
			return List.of();
		}
		bus.publish(new Event.Heartbeat(me, seq));
		Instant now = clock.instant();
		SelfHearing.State hearing = myself.check(now);
		if (hearing == SelfHearing.State.LOST) {
			log.warn("This node does not hear itself through RabbitMQ; no other node is judged dead meanwhile");
		}
		if (hearing != SelfHearing.State.HEARING) {
			if (hearing == SelfHearing.State.BACK) {
				// the broker is back: everyone gets a fresh chance to be heard
				room.everyoneHeard(now);
			}
			return List.of();
		}
		Instant heard = myself.last();
		List<String> dead = new ArrayList<>();
		for (Map.Entry<String, Membership.NodeView> entry : room.others().entrySet()) {
			// dead only if this node heard itself through the broker after the other had
			// been silent that long:
			// a broker outage silences everyone alike, and judges no one
			Instant deadline = entry.getValue().heard.plus(properties.deadAfter());
			if (deadline.isBefore(now) && heard.isAfter(deadline)) {
				room.forget(entry.getKey(), "not heard for " + properties.deadAfter().toSeconds() + " s");
				dead.add(entry.getKey());
			}
		}
		return dead;
	}

	/**
	 * Whether an event numbered {@code number} from {@code name} is to be applied: the
	 * next one is; a later one too, but this node missed some and asks for a snapshot; an
	 * earlier one is old (the broker may deliver a node's events out of order: it
	 * publishes them on whichever channel it borrows).
	 */
	private boolean follows(String name, long number) {
		if (name.equals(me)) {
			return false;
		}
		Instant now = clock.instant();
		Membership.NodeView view = room.view(name, now);
		view.heard = now;
		if (number <= view.seq) {
			return false;
		}
		if (number > view.seq + 1) {
			wantSnapshot(name, now);
		}
		view.seq = number;
		return true;
	}

	private void wantSnapshot(String name, Instant now) {
		Membership.NodeView view = room.view(name, now);
		if (view.wanted == null || view.wanted.plus(properties.heartbeat()).isBefore(now)) {
			view.wanted = now;
			bus.publish(new Event.SnapshotWanted(me, name));
		}
	}

	/**
	 * A connection's key among all nodes' connections: ids are unique on their node only.
	 */
	private String key(Connection connection) {
		return connection.transport().name().charAt(0) + connection.id();
	}

	@Override
	public void start() {
		if (scheduler != null) {
			beats = scheduler.scheduleAtFixedRate(this::beat, properties.heartbeat());
		}
	}

	/**
	 * Tells the others this node is going, so that its people leave at once rather than
	 * after dead-after.
	 */
	@Override
	public void stop() {
		ScheduledFuture<?> running = beats;
		if (running != null) {
			running.cancel(false);
		}
		beats = null;
		// under the lock a beat already running holds: it sends its heart-beat before
		// this,
		// or none
		synchronized (this) {
			left = true;
			bus.publish(new Event.Leaving(me));
		}
	}

	@Override
	public boolean isRunning() {
		return beats != null;
	}

	/** Before the bus stops, after the web server closed its connections. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 4096;
	}

}
