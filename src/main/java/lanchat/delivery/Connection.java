package lanchat.delivery;

import lanchat.identity.ChatUser;

/**
 * One open connection of an identity. An identity may have several at once (phone and
 * laptop).
 *
 * @param id unique among open connections of its transport (the STOMP session id for
 * STOMP)
 * @param user the identity it proved
 * @param transport how it is connected
 */
public record Connection(String id, ChatUser user, Transport transport) {
}
