package lanchat.admission;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;

/**
 * Entries for tests of transports that keep one per connection, without a running
 * admission.
 */
public final class TestEntries {

	private TestEntries() {
	}

	/** An entry of a connection that has joined as {@code user}. */
	public static Entry joined(String id, ChatUser user, Transport transport) {
		Entry entry = new Entry(id, "127.0.0.1", transport, null);
		entry.admit(new Connection(id, user, transport), null);
		return entry;
	}

}
