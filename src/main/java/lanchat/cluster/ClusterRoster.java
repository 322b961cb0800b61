package lanchat.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import lanchat.protocol.ServerMessage;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Who is in the room on every node: each node's open connections (its own as they open and close, the
 * others' from their events) and each identity's status. From it every node decides joins and leaves per
 * identity (joined when its first connection on any node opens, left when its last one on any node closes)
 * and announces them to its own connections; {@code /who}, {@code /app/users}, private messages to someone
 * offline and the name hold read it too.
 * <p>
 * Each node numbers its presence events. A node that sees a number skipped (the broker lost some while it
 * was down) or hears of a node it does not know asks that node for a snapshot. Nodes send heart-beats every
 * {@code heartbeat}; one not heard for {@code dead-after} is taken for dead and its connections leave. While
 * this node does not hear its own heart-beats (the broker is unreachable) it judges no one.
 */
@Component
@ClusterMode
class ClusterRoster implements PresenceRelay, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ClusterRoster.class);

	/** What this node tells its own connections. */
	interface Announcements {

		void joined(String name);

		void left(String name);

		void status(String name, PresenceStatus status);

	}

	private final String me;

	private final Publisher bus;

	private final Announcements announce;

	private final Function<Connection, String> addressOf;

	private final ClusterProperties properties;

	private final @Nullable TaskScheduler scheduler;

	private final Clock clock;

	/** Every node's connections by node, this node's too. */
	private final Map<String, NodeView> nodes = new LinkedHashMap<>();

	/** Open connections per identity, over all nodes. */
	private final Map<Long, Present> identities = new HashMap<>();

	/** Connections per address on other nodes. */
	private final Map<String, Integer> elsewhereByAddress = new HashMap<>();

	private long seq;

	private @Nullable Instant heardMyself;

	private boolean hearingMyself;

	private @Nullable ScheduledFuture<?> beats;

	/** Told when a node is taken for dead (its tickets are closed). */
	private volatile Consumer<String> onNodeDead = name -> {
	};

	@Autowired
	ClusterRoster(Node node, Bus bus, PresenceService presence, OpenConnections connections, Delivery delivery,
			ClusterProperties properties, TaskScheduler taskScheduler) {
		this(node.name(), bus, new Announcements() {

			@Override
			public void joined(String name) {
				presence.announceJoined(name);
			}

			@Override
			public void left(String name) {
				presence.announceLeft(name);
			}

			@Override
			public void status(String name, PresenceStatus status) {
				delivery.presenceHere(ServerMessage.presence(name, status));
			}
		}, connection -> connections.addressOf(connection).orElse("unknown"), properties, taskScheduler,
				// the scheduler's clock: heart-beats are real time, even where a test moves the application's clock
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
		this.scheduler = scheduler;
		this.clock = clock;
		nodes.put(me, new NodeView(clock.instant()));
	}

	void whenNodeDies(Consumer<String> action) {
		this.onNodeDead = action;
	}

	// ---- this node's connections

	@Override
	public synchronized void connected(Connection connection, Instant now) {
		Event.Member member = new Event.Member(key(connection), connection.user().identityId(),
				connection.user().username(), addressOf.apply(connection), now);
		add(me, member);
		bus.publish(new Event.Opened(me, ++seq, member));
	}

	@Override
	public synchronized void disconnected(Connection connection) {
		remove(me, key(connection));
		bus.publish(new Event.Closed(me, ++seq, key(connection)));
	}

	@Override
	public synchronized void statusSet(ChatUser user, PresenceStatus status, Instant now) {
		setStatus(user.identityId(), status.wireName(), now);
		bus.publish(new Event.StatusSet(me, ++seq, user.identityId(), status.wireName(), now));
	}

	// ---- what the room looks like

	@Override
	public synchronized boolean isOnline(long identityId) {
		return identities.containsKey(identityId);
	}

	@Override
	public synchronized List<UserStatus> snapshot() {
		List<UserStatus> all = new ArrayList<>(identities.size());
		identities.values().forEach(present -> all.add(new UserStatus(present.username, present.status, present.since)));
		all.sort(Comparator.comparing(UserStatus::username, String.CASE_INSENSITIVE_ORDER));
		return all;
	}

	synchronized int fromAddressElsewhere(String address) {
		return elsewhereByAddress.getOrDefault(address, 0);
	}

	synchronized boolean connectedElsewhere(long identityId) {
		Present present = identities.get(identityId);
		return present != null && present.connections > present.here;
	}

	synchronized List<String> addressesElsewhere(long identityId) {
		List<String> addresses = new ArrayList<>();
		nodes.forEach((name, view) -> {
			if (!name.equals(me)) {
				view.members.values().stream().filter(member -> member.identityId() == identityId)
					.forEach(member -> addresses.add(member.address()));
			}
		});
		return addresses;
	}

	/** The nodes this node knows to be alive, itself included. */
	synchronized Set<String> liveNodes() {
		return Set.copyOf(nodes.keySet());
	}

	// ---- other nodes' events

	synchronized void opened(Event.Opened event) {
		if (follows(event.node(), event.seq())) {
			add(event.node(), event.member());
		}
	}

	synchronized void closed(Event.Closed event) {
		if (follows(event.node(), event.seq())) {
			remove(event.node(), event.connection());
		}
	}

	synchronized void statusSet(Event.StatusSet event) {
		if (follows(event.node(), event.seq())) {
			setStatus(event.identityId(), event.status(), event.at());
		}
	}

	synchronized void heartbeat(Event.Heartbeat event) {
		Instant now = clock.instant();
		if (event.node().equals(me)) {
			heardMyself = now;
			return;
		}
		NodeView view = nodes.get(event.node());
		if (view == null || event.seq() > view.seq) {
			wantSnapshot(event.node(), now);
		}
		view = nodes.get(event.node());
		if (view != null) {
			view.heard = now;
		}
	}

	synchronized void snapshotWanted(Event.SnapshotWanted event) {
		if (event.of().equals(me)) {
			NodeView mine = nodes.get(me);
			List<Event.Status> statuses = new ArrayList<>();
			mine.members.values().stream().map(Event.Member::identityId).distinct().forEach(id -> {
				Present present = identities.get(id);
				if (present != null) {
					statuses.add(new Event.Status(id, present.status, present.since));
				}
			});
			bus.publish(new Event.Snapshot(me, seq, List.copyOf(mine.members.values()), statuses));
		}
	}

	synchronized void snapshot(Event.Snapshot event) {
		if (event.node().equals(me)) {
			return;
		}
		NodeView view = nodes.computeIfAbsent(event.node(), name -> new NodeView(clock.instant()));
		if (event.seq() < view.seq) {
			return;
		}
		Map<String, Event.Member> now = new HashMap<>();
		event.members().forEach(member -> now.put(member.connection(), member));
		for (String gone : List.copyOf(view.members.keySet())) {
			if (!now.containsKey(gone)) {
				remove(event.node(), gone);
			}
		}
		now.values().forEach(member -> add(event.node(), member));
		event.statuses().forEach(status -> setStatus(status.identityId(), status.status(), status.since()));
		view.seq = event.seq();
		view.wanted = null;
		view.heard = clock.instant();
	}

	synchronized void leaving(Event.Leaving event) {
		if (!event.node().equals(me)) {
			forget(event.node(), "stopped");
		}
	}

	// ---- heart-beats and deaths

	/** Sends this node's heart-beat and takes silent nodes for dead; every {@code heartbeat}. */
	synchronized void beat() {
		bus.publish(new Event.Heartbeat(me, seq));
		Instant now = clock.instant();
		Instant heard = heardMyself;
		boolean hearing = heard != null && heard.plus(properties.heartbeat().multipliedBy(3)).isAfter(now);
		if (!hearing) {
			if (hearingMyself) {
				log.warn("This node does not hear itself through RabbitMQ; no other node is judged dead meanwhile");
			}
			hearingMyself = false;
			return;
		}
		if (!hearingMyself) {
			// the broker is back: everyone gets a fresh chance to be heard
			hearingMyself = true;
			nodes.values().forEach(view -> view.heard = now);
			return;
		}
		for (Map.Entry<String, NodeView> entry : List.copyOf(nodes.entrySet())) {
			// dead only if this node heard itself through the broker after the other had been silent that long:
			// a broker outage silences everyone alike, and judges no one
			Instant deadline = entry.getValue().heard.plus(properties.deadAfter());
			if (!entry.getKey().equals(me) && deadline.isBefore(now) && heard.isAfter(deadline)) {
				forget(entry.getKey(), "not heard for " + properties.deadAfter().toSeconds() + " s");
				onNodeDead.accept(entry.getKey());
			}
		}
	}

	private void forget(String name, String why) {
		NodeView view = nodes.get(name);
		if (view == null) {
			return;
		}
		log.info("Node {} {}: its {} connection(s) leave the room", LogText.of(name), why, view.members.size());
		List.copyOf(view.members.keySet()).forEach(connection -> remove(name, connection));
		nodes.remove(name);
	}

	/**
	 * Whether an event numbered {@code number} from {@code name} is to be applied: the next one is; a later one
	 * too, but this node missed some and asks for a snapshot; an earlier one is old.
	 */
	private boolean follows(String name, long number) {
		if (name.equals(me)) {
			return false;
		}
		Instant now = clock.instant();
		NodeView view = nodes.computeIfAbsent(name, node -> new NodeView(now));
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
		NodeView view = nodes.computeIfAbsent(name, node -> new NodeView(now));
		if (view.wanted == null || view.wanted.plus(properties.heartbeat()).isBefore(now)) {
			view.wanted = now;
			bus.publish(new Event.SnapshotWanted(me, name));
		}
	}

	private void add(String node, Event.Member member) {
		NodeView view = nodes.computeIfAbsent(node, name -> new NodeView(clock.instant()));
		if (view.members.putIfAbsent(member.connection(), member) != null) {
			return;
		}
		if (!node.equals(me)) {
			elsewhereByAddress.merge(member.address(), 1, Integer::sum);
		}
		Present present = identities.get(member.identityId());
		boolean first = present == null;
		if (first) {
			present = new Present(member.username(), member.since());
			identities.put(member.identityId(), present);
		}
		present.connections++;
		if (node.equals(me)) {
			present.here++;
		}
		if (first) {
			announce.joined(member.username());
		}
	}

	private void remove(String node, String connection) {
		NodeView view = nodes.get(node);
		Event.Member member = view == null ? null : view.members.remove(connection);
		if (member == null) {
			return;
		}
		if (!node.equals(me)) {
			elsewhereByAddress.computeIfPresent(member.address(), (address, count) -> count > 1 ? count - 1 : null);
		}
		Present present = identities.get(member.identityId());
		if (present == null) {
			return;
		}
		present.connections--;
		if (node.equals(me)) {
			present.here--;
		}
		if (present.connections <= 0) {
			identities.remove(member.identityId());
			announce.left(present.username);
		}
	}

	private void setStatus(long identityId, String status, Instant at) {
		Present present = identities.get(identityId);
		if (present == null || present.since.isAfter(at)) {
			return;
		}
		boolean changed = !present.status.equals(status);
		present.status = status;
		present.since = at;
		if (changed) {
			PresenceStatus.settable(status).ifPresent(valid -> announce.status(present.username, valid));
		}
	}

	/** A connection's key among all nodes' connections: ids are unique on their node only. */
	private String key(Connection connection) {
		return connection.transport().name().charAt(0) + connection.id();
	}

	@Override
	public void start() {
		if (scheduler != null) {
			beats = scheduler.scheduleAtFixedRate(this::beat, properties.heartbeat());
		}
	}

	/** Tells the others this node is going, so that its people leave at once rather than after dead-after. */
	@Override
	public void stop() {
		ScheduledFuture<?> running = beats;
		if (running != null) {
			running.cancel(false);
		}
		beats = null;
		bus.publish(new Event.Leaving(me));
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

	private static final class NodeView {

		private final Map<String, Event.Member> members = new LinkedHashMap<>();

		private long seq;

		private Instant heard;

		private @Nullable Instant wanted;

		private NodeView(Instant heard) {
			this.heard = heard;
		}

	}

	/** An identity in the room: its name, how many connections it has open (and how many here), its status. */
	private static final class Present {

		private final String username;

		private int connections;

		private int here;

		private String status = PresenceStatus.ONLINE.wireName();

		private Instant since;

		private Present(String username, Instant since) {
			this.username = username;
			this.since = since;
		}

	}

}
