package lanchat.presence;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import lanchat.delivery.Connection;
import lanchat.identity.ChatUser;
import lanchat.protocol.NameKeys;
import lanchat.identity.OnlineCheck;
import lanchat.protocol.EncodedJson;
import lanchat.protocol.PresenceStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is here, per identity: the connections each has open and the status it last set.
 * Joins and leaves are per identity: the first connection joins, the last one to close
 * leaves. Every method is idempotent, so a connection reported closed twice leaves only
 * once.
 * <p>
 * The connections are this node's. When several nodes serve the room, {@link #isOnline}
 * and {@link #snapshot} answer for all of them, from the cluster's {@link Roster}.
 * <p>
 * Everyone who joins asks for the online list, so in a room coming back after a restart
 * it is asked for thousands of times while it changes with every join. It is therefore
 * kept in order as people come and go, and each entry is encoded to JSON when it changes,
 * not each time the list is sent.
 */
@Component
public class PresenceTracker implements OnlineCheck {

	private static final Comparator<Listed> BY_NAME = Comparator.comparing(Listed::name, String.CASE_INSENSITIVE_ORDER)
		.thenComparingLong(Listed::identityId);

	private final Map<Long, Member> members = new HashMap<>();

	/** The same members, in the online list's order. */
	private final NavigableMap<Listed, Member> byName = new TreeMap<>(BY_NAME);

	/** The online list as JSON, until it next changes. */
	private byte @Nullable [] encodedList;

	private final JsonMapper json;

	/** The whole cluster's view, once a cluster starts; a single node never has one. */
	private volatile @Nullable Roster room;

	public PresenceTracker(JsonMapper json) {
		this.json = json;
	}

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
		Member member = members.computeIfAbsent(connection.user().identityId(), id -> {
			Member joined = new Member(connection.user(), now);
			byName.put(joined.listed, joined);
			encodedList = null;
			return joined;
		});
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
			byName.remove(member.listed);
			encodedList = null;
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
		member.changed(status, now);
		encodedList = null;
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
		List<UserStatus> all = new ArrayList<>(byName.size());
		byName.values().forEach(member -> all.add(member.entry));
		return all;
	}

	/** {@link #snapshot} as the JSON that {@code /app/users} answers with. */
	public EncodedJson snapshotJson() {
		Roster cluster = room;
		return new EncodedJson(cluster != null ? json.writeValueAsBytes(cluster.snapshot()) : encodedHere());
	}

	private synchronized byte[] encodedHere() {
		byte[] list = encodedList;
		if (list == null) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(2 + byName.size() * 96);
			out.write('[');
			for (Member member : byName.values()) {
				if (out.size() > 1) {
					out.write(',');
				}
				out.writeBytes(member.encoded(json));
			}
			out.write(']');
			list = out.toByteArray();
			encodedList = list;
		}
		return list;
	}

	/** How many people are here (on any node, in a cluster). */
	public int onlineCount() {
		Roster cluster = room;
		return cluster != null ? cluster.snapshot().size() : onlineCountHere();
	}

	private synchronized int onlineCountHere() {
		return members.size();
	}

	/** How many connections are open, over all identities. */
	public synchronized int connectionCount() {
		return members.values().stream().mapToInt(member -> member.connections.size()).sum();
	}

	/** Where a member stands in the online list. */
	private record Listed(String name, long identityId) {

	}

	private static final class Member {

		private final Listed listed;

		private final Set<Connection> connections = new LinkedHashSet<>();

		private PresenceStatus status = PresenceStatus.ONLINE;

		private UserStatus entry;

		/** {@link #entry} as JSON, once someone asks for the list. */
		private byte @Nullable [] encoded;

		private Member(ChatUser user, Instant since) {
			this.listed = new Listed(user.username(), user.identityId());
			this.entry = new UserStatus(user.username(), status.wireName(), since, NameKeys.of(user.username()));
		}

		void changed(PresenceStatus status, Instant since) {
			this.status = status;
			this.entry = new UserStatus(entry.username(), status.wireName(), since, entry.key());
			this.encoded = null;
		}

		byte[] encoded(JsonMapper json) {
			byte[] bytes = encoded;
			if (bytes == null) {
				bytes = json.writeValueAsBytes(entry);
				encoded = bytes;
			}
			return bytes;
		}

	}

}
