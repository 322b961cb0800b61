package lanchat.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lanchat.delivery.Connection;
import lanchat.identity.ChatUser;
import lanchat.protocol.NameKeys;
import lanchat.identity.OnlineCheck;
import lanchat.protocol.PresenceStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Who is here, per identity: the connections each has open and the status it last set.
 * Joins and leaves are per identity: the first connection joins, the last one to close
 * leaves. Every method is idempotent, so a connection reported closed twice leaves only
 * once.
 * <p>
 * The connections are this node's. When several nodes serve the room, {@link #isOnline}
 * and {@link #snapshot} answer for all of them, from the cluster's {@link Roster}.
 */
@Component
public class PresenceTracker implements OnlineCheck {

	private final Map<Long, Member> members = new HashMap<>();

	/** The whole cluster's view, once a cluster starts; a single node never has one. */
	private volatile @Nullable Roster room;

	/**
	 * Answers {@link #isOnline} and {@link #snapshot} from {@code room} from now on
	 * (cluster mode).
	 */
	public void spanNodes(Roster room) {
		this.room = room;
	}

	/**
	 * @return true if this is the identity's first open connection
	 */
	synchronized boolean join(Connection connection, Instant now) {
		Member member = members.computeIfAbsent(connection.user().identityId(),
				id -> new Member(connection.user(), now));
		boolean first = member.connections.isEmpty();
		member.connections.add(connection);
		return first;
	}

	/**
	 * @return true if this was the identity's last open connection
	 */
	synchronized boolean leave(Connection connection) {
		Member member = members.get(connection.user().identityId());
		if (member == null || !member.connections.remove(connection)) {
			return false;
		}
		if (member.connections.isEmpty()) {
			members.remove(connection.user().identityId());
			return true;
		}
		return false;
	}

	/** The status an identity connected here last set, if it is connected here. */
	public synchronized @Nullable PresenceStatus statusHere(long identityId) {
		Member member = members.get(identityId);
		return member == null ? null : member.status;
	}

	/**
	 * @return true if the status changed
	 */
	synchronized boolean setStatus(ChatUser user, PresenceStatus status, Instant now) {
		Member member = members.get(user.identityId());
		if (member == null || member.status == status) {
			return false;
		}
		member.status = status;
		member.since = now;
		return true;
	}

	/** Whether the identity is connected (on any node, in a cluster). */
	@Override
	public boolean isOnline(long identityId) {
		Roster cluster = room;
		return cluster != null ? cluster.isOnline(identityId) : isOnlineHere(identityId);
	}

	/** Whether the identity has a connection open on this node. */
	public synchronized boolean isOnlineHere(long identityId) {
		return members.containsKey(identityId);
	}

	/** The open connections of one identity. */
	public synchronized List<Connection> connections(long identityId) {
		Member member = members.get(identityId);
		return member == null ? List.of() : List.copyOf(member.connections);
	}

	/** Every open connection, of every identity. */
	public synchronized List<Connection> allConnections() {
		List<Connection> all = new ArrayList<>();
		members.values().forEach(member -> all.addAll(member.connections));
		return all;
	}

	/** Everyone here now (on any node, in a cluster), by name. */
	public List<UserStatus> snapshot() {
		Roster cluster = room;
		return cluster != null ? cluster.snapshot() : snapshotHere();
	}

	/** Everyone connected to this node now, by name. */
	public synchronized List<UserStatus> snapshotHere() {
		List<UserStatus> all = new ArrayList<>(members.size());
		for (Member member : members.values()) {
			all.add(new UserStatus(member.user.username(), member.status.wireName(), member.since, member.key));
		}
		all.sort(Comparator.comparing(UserStatus::username, String.CASE_INSENSITIVE_ORDER));
		return all;
	}

	/** How many connections are open, over all identities. */
	public synchronized int connectionCount() {
		return members.values().stream().mapToInt(member -> member.connections.size()).sum();
	}

	private static final class Member {

		private final ChatUser user;

		private final String key;

		private final Set<Connection> connections = new LinkedHashSet<>();

		private PresenceStatus status = PresenceStatus.ONLINE;

		private Instant since;

		private Member(ChatUser user, Instant since) {
			this.user = user;
			this.key = NameKeys.of(user.username());
			this.since = since;
		}

	}

}
