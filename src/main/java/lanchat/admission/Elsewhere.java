package lanchat.admission;

import java.util.Collection;
import java.util.List;

import lanchat.protocol.ErrorCode;

/**
 * The connections that other nodes of a cluster have open, as admission, moderation and
 * commands need them: counted against the limits per address, found by identity, closed
 * by identity or device. A single node has no other nodes: {@link #NONE}, whose answers
 * are the defaults here.
 */
public interface Elsewhere {

	/** A single node: no other nodes, nothing to count or close elsewhere. */
	Elsewhere NONE = new Elsewhere() {
	};

	/** How many connections other nodes have open from {@code address}. */
	default int fromAddress(String address) {
		return 0;
	}

	/** Whether another node has a connection of the identity open. */
	default boolean connected(long identityId) {
		return false;
	}

	/** The addresses the identity is connected from on other nodes. */
	default List<String> addressesOf(long identityId) {
		return List.of();
	}

	/** Has the other nodes close every connection of the identity, telling it why. */
	default void closeIdentity(long identityId, ErrorCode code, String reason) {
	}

	/**
	 * Has the other nodes close every connection that joined with one of these device
	 * tokens.
	 */
	default void closeDevices(Collection<Long> devices, ErrorCode code, String reason) {
	}

	/**
	 * Has the other nodes close the identity's connections that hold one of these device
	 * tokens or none: its password changed, and they joined with the old one.
	 */
	default void closeLoggedOut(long identityId, Collection<Long> revoked, ErrorCode code, String reason) {
	}

}
