package lanchat.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lanchat.presence.UserStatus;
import lanchat.protocol.NameKeys;
import lanchat.protocol.PresenceStatus;
import lanchat.security.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room as {@link ClusterRoster} keeps it: every node's connections (this node's too),
 * the identities they belong to with their status, and the counts per address on other
 * nodes. Adding an identity's first connection on any node announces a join here,
 * removing its last one a leave. Not thread-safe: the roster holds its lock.
 */
final class Membership {

	private static final Logger log = LoggerFactory.getLogger(Membership.class);

	private final String me;

	private final Announcements announce;

	/** Every node's connections by node, this node's too. */
	private final Map<String, NodeView> nodes = new LinkedHashMap<>();

	/** Open connections per identity, over all nodes. */
	private final Map<Long, Present> identities = new HashMap<>();

	/** Connections per address on other nodes. */
	private final Map<String, Integer> elsewhereByAddress = new HashMap<>();

	Membership(String me, Announcements announce, Instant now) {
		this.me = me;
		this.announce = announce;
		nodes.put(me, new NodeView(now));
	}

	/** What this node knows of {@code node}, known from now on if it was not. */
	NodeView view(String node, Instant now) {
		return nodes.computeIfAbsent(node, name -> new NodeView(now));
	}

	@Nullable NodeView known(String node) {
		return nodes.get(node);
	}

	/** The other nodes, by name. */
	Map<String, NodeView> others() {
		Map<String, NodeView> others = new LinkedHashMap<>(nodes);
		others.remove(me);
		return others;
	}

	/** The broker is back: every node gets a fresh chance to be heard. */
	void everyoneHeard(Instant now) {
		nodes.values().forEach(view -> view.heard = now);
	}

	boolean isOnline(long identityId) {
		return identities.containsKey(identityId);
	}

	List<UserStatus> snapshot() {
		List<UserStatus> all = new ArrayList<>(identities.size());
		identities.values()
			.forEach(present -> all.add(new UserStatus(present.username, present.status, present.since, present.key)));
		all.sort(Comparator.comparing(UserStatus::username, String.CASE_INSENSITIVE_ORDER));
		return all;
	}

	int fromAddressElsewhere(String address) {
		return elsewhereByAddress.getOrDefault(address, 0);
	}

	boolean connectedElsewhere(long identityId) {
		Present present = identities.get(identityId);
		return present != null && present.connections > present.here;
	}

	List<String> addressesElsewhere(long identityId) {
		List<String> addresses = new ArrayList<>();
		nodes.forEach((name, view) -> {
			if (!name.equals(me)) {
				view.members.values()
					.stream()
					.filter(member -> member.identityId() == identityId)
					.forEach(member -> addresses.add(member.address()));
			}
		});
		return addresses;
	}

	/** The nodes this node knows to be alive, itself included. */
	Set<String> liveNodes() {
		return Set.copyOf(nodes.keySet());
	}

	/** This node's connections, and the status of each identity among them. */
	Event.Snapshot mine(long seq) {
		NodeView mine = nodes.get(me);
		List<Event.Status> statuses = new ArrayList<>();
		mine.members.values().stream().map(Event.Member::identityId).distinct().forEach(id -> {
			Present present = identities.get(id);
			if (present != null) {
				statuses.add(new Event.Status(id, present.status, present.since));
			}
		});
		return new Event.Snapshot(me, seq, List.copyOf(mine.members.values()), statuses);
	}

	/**
	 * Makes {@code node}'s connections those of its snapshot: the ones it no longer has
	 * leave (also one whose id a new connection has taken), new ones join.
	 */
	void replace(String node, List<Event.Member> members) {
		NodeView view = nodes.get(node);
		Map<String, Event.Member> now = new HashMap<>();
		members.forEach(member -> now.put(member.connection(), member));
		new LinkedHashMap<>(view.members).forEach((connection, had) -> {
			if (!had.equals(now.get(connection))) {
				remove(node, connection);
			}
		});
		now.values().forEach(member -> add(node, member));
	}

	void forget(String name, String why) {
		NodeView view = nodes.get(name);
		if (view == null) {
			return;
		}
		log.info("Node {} {}: its {} connection(s) leave the room", LogText.of(name), why, view.members.size());
		List.copyOf(view.members.keySet()).forEach(connection -> remove(name, connection));
		nodes.remove(name);
	}

	void add(String node, Event.Member member) {
		NodeView view = nodes.get(node);
		if (view == null) {
			return;
		}
		Event.Member had = view.members.get(member.connection());
		if (member.equals(had)) {
			return;
		}
		if (had != null) {
			// the node was started again and gave a new connection a former one's id
			// (ids are unique on their node only, and each start counts them anew)
			remove(node, had.connection());
		}
		view.members.put(member.connection(), member);
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

	void remove(String node, String connection) {
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

	void setStatus(long identityId, String status, Instant at) {
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

	/**
	 * One node as this node knows it: its connections, the last event number applied,
	 * when it was last heard.
	 */
	static final class NodeView {

		private final Map<String, Event.Member> members = new LinkedHashMap<>();

		long seq;

		Instant heard;

		@Nullable Instant wanted;

		private NodeView(Instant heard) {
			this.heard = heard;
		}

	}

	/**
	 * An identity in the room: its name, how many connections it has open (and how many
	 * here), its status.
	 */
	private static final class Present {

		private final String username;

		private final String key;

		private int connections;

		private int here;

		private String status = PresenceStatus.ONLINE.wireName();

		private Instant since;

		private Present(String username, Instant since) {
			this.username = username;
			this.key = NameKeys.of(username);
			this.since = since;
		}

	}

}
