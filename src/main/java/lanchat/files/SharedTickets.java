package lanchat.files;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import lanchat.identity.ChatUser;

/**
 * HTTP tickets that every node of a cluster can check: a request may reach any node, not
 * the one whose connection holds the ticket. Only hashes are kept. A single node has none
 * and keeps its tickets in memory.
 */
public interface SharedTickets {

	/** A connection on this node was given the ticket with this hash. */
	void issued(String hash, ChatUser user);

	/** The connection of the ticket with this hash closed at {@code at}. */
	void closed(String hash, Instant at);

	/**
	 * Who the ticket with this hash proves to be, if its connection is open or closed
	 * less than {@code grace} before {@code now}.
	 */
	Optional<ChatUser> find(String hash, Instant now, Duration grace);

}
