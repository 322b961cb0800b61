package lanchat.admission;

import java.util.Collection;
import java.util.List;

import lanchat.protocol.ErrorCode;

/**
 * The connections that other nodes of a cluster have open, as admission, moderation and commands need them:
 * counted against the limits per address, found by identity, closed by identity or device. A single node has
 * no other nodes: {@link #NONE}.
 */
public interface Elsewhere {

	Elsewhere NONE = new Elsewhere() {

		@Override
		public int fromAddress(String address) {
			return 0;
		}

		@Override
		public boolean connected(long identityId) {
			return false;
		}

		@Override
		public List<String> addressesOf(long identityId) {
			return List.of();
		}

		@Override
		public void closeIdentity(long identityId, ErrorCode code, String reason) {
		}

		@Override
		public void closeDevices(Collection<Long> devices, ErrorCode code, String reason) {
		}
	};

	/** How many connections other nodes have open from {@code address}. */
	int fromAddress(String address);

	/** Whether another node has a connection of the identity open. */
	boolean connected(long identityId);

	/** The addresses the identity is connected from on other nodes. */
	List<String> addressesOf(long identityId);

	/** Has the other nodes close every connection of the identity, telling it why. */
	void closeIdentity(long identityId, ErrorCode code, String reason);

	/** Has the other nodes close every connection that joined with one of these device tokens. */
	void closeDevices(Collection<Long> devices, ErrorCode code, String reason);

}
