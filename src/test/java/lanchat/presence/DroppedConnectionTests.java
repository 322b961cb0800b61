package lanchat.presence;

import lanchat.support.RawStomp;
import lanchat.support.ShortTimersIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone that vanishes without a DISCONNECT frame (Wi-Fi gone, battery dead) is noticed
 * by its missing heart-beats and announced as gone.
 */
class DroppedConnectionTests extends ShortTimersIntegrationTest {

	@Test
	void aSilentPeerIsDroppedAndAnnouncedAsLeft() {
		String watcher = name("watcher");
		String ghost = name("ghost");
		try (StompTestClient w = connect(watcher).listen(); RawStomp silent = RawStomp.open(port)) {
			silent.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:1000,0\nusername:" + ghost + "\n\n\0");
			String connected = silent.nextFrame();
			assertThat(connected).startsWith("CONNECTED").contains("heart-beat:1000,1000");
			w.publicInbox().next(m -> (ghost + " has joined the chat!").equals(m.path("content").asString("")));
			// the ghost now sends nothing at all, not even heart-beats, and never closes
			// its socket
			w.publicInbox().next(m -> (ghost + " has left the chat.").equals(m.path("content").asString("")));
			assertThat(silent.awaitClosed()).isNotZero();
		}
	}

}
