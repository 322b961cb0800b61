package lanchat.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;

/**
 * What nodes tell each other, one JSON object per AMQP message on the fanout exchange.
 * Every event names the node it comes from; a node receives its own too and uses only its
 * heart-beats (to know the broker carries them). Presence events ({@link Opened},
 * {@link Closed}, {@link StatusSet}) are numbered per node, so a node that missed one
 * asks for a {@link Snapshot}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({ @JsonSubTypes.Type(value = Event.Stored.class, name = "stored"),
		@JsonSubTypes.Type(value = Event.Broadcast.class, name = "broadcast"),
		@JsonSubTypes.Type(value = Event.Opened.class, name = "opened"),
		@JsonSubTypes.Type(value = Event.Closed.class, name = "closed"),
		@JsonSubTypes.Type(value = Event.StatusSet.class, name = "status"),
		@JsonSubTypes.Type(value = Event.Heartbeat.class, name = "heartbeat"),
		@JsonSubTypes.Type(value = Event.SnapshotWanted.class, name = "snapshot-wanted"),
		@JsonSubTypes.Type(value = Event.Snapshot.class, name = "snapshot"),
		@JsonSubTypes.Type(value = Event.Leaving.class, name = "leaving"),
		@JsonSubTypes.Type(value = Event.CloseIdentity.class, name = "close-identity"),
		@JsonSubTypes.Type(value = Event.CloseDevices.class, name = "close-devices"),
		@JsonSubTypes.Type(value = Event.CloseLoggedOut.class, name = "close-logged-out"),
		@JsonSubTypes.Type(value = Event.ModerationChanged.class, name = "moderation") })
sealed interface Event {

	/** The node that sent it. */
	String node();

	/**
	 * A message stored in history, for the room or (with {@code recipientId}) for two
	 * identities.
	 */
	record Stored(String node, ServerMessage message, long senderId, @Nullable Long recipientId) implements Event {
	}

	/**
	 * A notification for the room, or a presence event, that is not stored: delivered as
	 * it comes.
	 */
	record Broadcast(String node, ServerMessage message, boolean presence) implements Event {
	}

	/** A connection joined on {@code node}. */
	record Opened(String node, long seq, Member member) implements Event {
	}

	/** A connection on {@code node} closed. */
	record Closed(String node, long seq, String connection) implements Event {
	}

	/** An identity set its status ({@code online} or {@code away}) on {@code node}. */
	record StatusSet(String node, long seq, long identityId, String status, Instant at) implements Event {
	}

	/** {@code node} is alive; {@code seq} is the number of its latest presence event. */
	record Heartbeat(String node, long seq) implements Event {
	}

	/** {@code node} asks {@code of} for a {@link Snapshot}. */
	record SnapshotWanted(String node, String of) implements Event {
	}

	/**
	 * Every connection {@code node} has open and the statuses of their identities, as of
	 * its event {@code seq}.
	 */
	record Snapshot(String node, long seq, List<Member> members, List<Status> statuses) implements Event {
	}

	/** {@code node} is stopping: its connections are gone. */
	record Leaving(String node) implements Event {
	}

	/** Close every connection of an identity (kick, ban). */
	record CloseIdentity(String node, long identityId, String code, String reason) implements Event {
	}

	/**
	 * Close every connection that joined with one of these device tokens (logout,
	 * password change).
	 */
	record CloseDevices(String node, List<Long> devices, String code, String reason) implements Event {
	}

	/**
	 * Close every connection of an identity that holds one of the revoked device tokens
	 * or none (password change).
	 */
	record CloseLoggedOut(String node, long identityId, List<Long> revoked, String code,
			String reason) implements Event {
	}

	/**
	 * Bans or mutes changed (read them again), or slow mode did ({@code slowMode} set).
	 */
	record ModerationChanged(String node, @Nullable Duration slowMode) implements Event {
	}

	/** One open connection: its id on its node, whose it is and where it comes from. */
	record Member(String connection, long identityId, String username, String address, Instant since) {
	}

	/** An identity's status and since when. */
	record Status(long identityId, String status, Instant since) {
	}

}
