package lanchat.security;

import java.util.ArrayList;
import java.util.List;

import lanchat.support.HighRateIntegrationTest;
import lanchat.support.SlowReader;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading while others chat is disconnected; the others get
 * everything, promptly.
 */
class SlowConsumerTests extends HighRateIntegrationTest {

	/** About 190 KiB of messages, well under the 1 MiB a client may have waiting. */
	private static final int ROUND = 100;

	@Test
	void manyClientsThatNeverReadCannotHoldUpTheRoom() {
		String talker = name("talker");
		String listener = name("listener");
		List<SlowReader> snails = new ArrayList<>();
		try (StompTestClient l = connect(listener).listen(); StompTestClient t = connect(talker).listen()) {
			for (int i = 0; i < 40; i++) {
				snails.add(SlowReader.join(port, name("snail")));
			}
			String filler = "q".repeat(1900);
			int count = 3000;
			for (int i = 0; i < count; i++) {
				sayPaced(t, i + " " + filler, i);
			}
			// the listener still gets every message, in order, while forty clients read
			// nothing
			for (int i = 0; i < count; i++) {
				String expected = i + " " + filler;
				l.publicInbox().next(m -> expected.equals(m.path("content").asString("")));
			}
		}
		finally {
			snails.forEach(SlowReader::close);
		}
	}

	@Test
	void aClientThatNeverReadsIsDroppedAndOthersLoseNothing() {
		String snail = name("snail");
		String talker = name("talker");
		String listener = name("listener");
		try (StompTestClient l = connect(listener).listen();
				StompTestClient t = connect(talker).listen();
				SlowReader slow = SlowReader.join(port, snail)) {
			l.publicInbox().next(m -> (snail + " has joined the chat!").equals(m.path("content").asString("")));
			String filler = "z".repeat(1900);
			int count = 4000;
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String content = i + " " + filler;
				sent.add(content);
				sayPaced(t, content, i);
			}
			// everything the talker sent arrives, in order, and somewhere along the way
			// the snail is dropped
			int next = 0;
			boolean snailLeft = false;
			while (next < count || !snailLeft) {
				String content = l.publicInbox().next().path("content").asString("");
				if (next < count && content.equals(sent.get(next))) {
					next++;
				}
				else if (content.equals(snail + " has left the chat.")) {
					snailLeft = true;
				}
			}
			assertThat(next).isEqualTo(count);
		}
	}

	@Test
	void privateMessagesPilingUpForClientsThatNeverReadHoldUpNoOne() {
		String talker = name("talker");
		String friend = name("friend");
		List<String> snailNames = new ArrayList<>();
		List<SlowReader> snails = new ArrayList<>();
		try (StompTestClient t = connect(talker).listen(); StompTestClient f = connect(friend).listen()) {
			for (int i = 0; i < 40; i++) {
				String snail = name("snail");
				snailNames.add(snail);
				snails.add(SlowReader.join(port, snail));
			}
			// about 280 KiB for each: far more than their sockets hold, so writes to
			// every one of them are stuck
			String filler = "p".repeat(1900);
			for (int round = 0; round < 150; round++) {
				for (String snail : snailNames) {
					t.whisper(snail, round + " " + filler);
				}
				String last = round + " " + filler;
				// the talker's own copies come back on its private queue; it keeps up
				// with them
				t.privateInbox().next(m -> last.equals(m.path("content").asString("")));
			}
			// what waits for the snails is queued for them alone: a whisper between two
			// readers gets through
			t.whisper(friend, "still there?");
			assertThat(f.privateInbox().next(m -> "still there?".equals(m.path("content").asString("")))).isNotNull();
		}
		finally {
			snails.forEach(SlowReader::close);
		}
	}

	/**
	 * Sends, waiting for the talker's own echo after every round of messages: clients
	 * that read keep up with the room even on a loaded machine, while the ones that never
	 * read still fall far behind.
	 */
	private static void sayPaced(StompTestClient talker, String content, int index) {
		talker.say(content);
		if (index % ROUND == ROUND - 1) {
			talker.publicInbox().next(m -> content.equals(m.path("content").asString("")));
		}
	}

}
