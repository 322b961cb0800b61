package lanchat.web;

import java.nio.charset.StandardCharsets;

import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames the server writes itself, as a STOMP client sees them on the wire: one per subscription,
 * with the headers the broker would have sent.
 */
class DirectDestinationsTests extends IntegrationTest {

	@Test
	void aSubscriptionIdUsedTwiceStillGetsEachMessageOnce() {
		String speaker = name("speaker");
		try (RawStomp raw = RawStomp.open(port); StompTestClient other = connect(speaker)) {
			assertThat(raw.connect(name("twice"))).startsWith("CONNECTED");
			raw.send("SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0");
			raw.send("SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0");
			// a client's own frames are taken in order: once its message comes back, both SUBSCRIBEs count
			raw.send("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
					+ "{\"type\":\"message\",\"content\":\"ready\"}\0");
			while (!raw.nextFrame().contains("\"content\":\"ready\"")) {
				// skips what came before it, such as notices of people joining
			}
			other.say("one");
			other.say("two");
			// frames to one session arrive in order, so a second copy of "one" would come before "two"
			int ones = 0;
			while (true) {
				String frame = raw.nextFrame();
				if (frame.contains("\"content\":\"two\"")) {
					break;
				}
				if (frame.contains("\"content\":\"one\"")) {
					ones++;
				}
			}
			assertThat(ones).isEqualTo(1);
		}
	}

	@Test
	void aSystemReplyCarriesTheQueueItWasSubscribedAsAndTheEscapedSubscriptionId() {
		try (RawStomp raw = RawStomp.open(port)) {
			assertThat(raw.connect(name("escaped"))).startsWith("CONNECTED");
			raw.send("SUBSCRIBE\nid:sys\\c1\ndestination:/user/queue/system\n\n\0");
			raw.send("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
					+ "{\"type\":\"message\",\"content\":\"/nosuchcommand\"}\0");
			String frame = raw.nextFrame();
			assertThat(frame).startsWith("MESSAGE\n")
				.contains("\ndestination:/user/queue/system\n")
				.contains("\nsubscription:sys\\c1\n")
				.contains("\ncontent-type:application/json\n")
				.contains("nosuchcommand");
			String body = frame.substring(frame.indexOf("\n\n") + 2, frame.lastIndexOf('\0'));
			assertThat(frame).contains("\ncontent-length:" + body.getBytes(StandardCharsets.UTF_8).length + "\n");
		}
	}

}
