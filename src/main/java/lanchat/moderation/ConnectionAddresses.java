package lanchat.moderation;

import java.util.Optional;

import lanchat.delivery.Connection;

/**
 * Where a connection comes from, for bans by address. Each transport that knows answers for its own.
 */
public interface ConnectionAddresses {

	Optional<String> addressOf(Connection connection);

}
