package lanchat.files;

import java.nio.charset.StandardCharsets;

import lanchat.delivery.Connection;
import lanchat.delivery.Transport;
import lanchat.identity.ChatUser;
import lanchat.identity.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static lanchat.files.FileSharingTests.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tickets whose connection is no longer there when its session reply is made.
 */
class HttpTicketsTests extends FilesIntegrationTest {

	@Autowired
	HttpTickets tickets;

	@Autowired
	IdentityService identities;

	/**
	 * A client that subscribes to {@code /app/session} and drops its socket at once can
	 * have its close handled before the queued SUBSCRIBE: the reply's ticket must still
	 * run out, not live for good.
	 */
	@Test
	void aTicketMadeAfterItsConnectionClosedRunsOutAfterTheGrace() {
		try (Client alice = client("alice")) {
			ChatUser user = identities.holder(alice.name()).orElseThrow();
			String late = tickets.issue(new Connection("closed-before-its-session-reply", user, Transport.STOMP));
			byte[] body = "x".getBytes(StandardCharsets.UTF_8);
			http().uploaded(late, "a.txt", "text/plain", body);
			clock.advance(HttpTickets.GRACE);
			assertRefused(http().upload(late, "a.txt", "text/plain", body), 401, "wrong-credentials");
			// the ticket of a connection that is open stays good however long it lasts
			assertThat(http().uploaded(alice.ticket(), "b.txt", "text/plain", body).path("size").asLong()).isEqualTo(1);
		}
	}

}
