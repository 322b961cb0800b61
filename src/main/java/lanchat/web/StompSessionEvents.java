package lanchat.web;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.moderation.ModerationService;
import lanchat.presence.PresenceService;
import lanchat.files.HttpTickets;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Tells presence when a STOMP connection opens and closes, whoever closed it: the client, a missed
 * heart-beat, a slow reader or an ERROR.
 */
@Component
class StompSessionEvents {

	private final PresenceService presence;

	private final ModerationService moderation;

	private final StompSessions sessions;

	private final HttpTickets tickets;

	StompSessionEvents(PresenceService presence, ModerationService moderation, StompSessions sessions,
			HttpTickets tickets) {
		this.presence = presence;
		this.moderation = moderation;
		this.sessions = sessions;
		this.tickets = tickets;
	}

	@EventListener
	void connected(SessionConnectedEvent event) {
		if (event.getUser() instanceof ChatUser user) {
			String sessionId = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
			// a client that reset its socket right after CONNECT may be gone already: its disconnect
			// event can even come first, and then nothing would ever announce it as left
			if (sessionId != null && sessions.isOpen(sessionId)) {
				Connection connection = new Connection(sessionId, user, Transport.STOMP);
				presence.connected(connection);
				if (!sessions.isOpen(sessionId)) {
					presence.disconnected(connection);
				}
			}
		}
	}

	@EventListener
	void disconnected(SessionDisconnectEvent event) {
		if (event.getUser() instanceof ChatUser user) {
			Connection connection = new Connection(event.getSessionId(), user, Transport.STOMP);
			presence.disconnected(connection);
			moderation.closed(connection);
			tickets.closed(connection);
		}
	}

}
