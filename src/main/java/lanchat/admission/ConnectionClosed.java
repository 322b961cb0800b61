package lanchat.admission;

import lanchat.delivery.Connection;

/**
 * Published once when a connection that was let in has closed, whoever closed it, after
 * it left the room: for what is kept per connection elsewhere (such as its HTTP ticket).
 */
public record ConnectionClosed(Connection connection) {
}
