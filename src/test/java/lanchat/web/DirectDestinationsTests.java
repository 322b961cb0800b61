package lanchat.web;

import java.nio.charset.StandardCharsets;

import lanchat.protocol.Destinations;
import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames the server writes itself, as a STOMP client sees them on the wire: one per
 * subscription, with the headers a STOMP broker sends; and Spring's broker, which writes
 * none of them, keeps no subscriptions.
 */
class DirectDestinationsTests extends IntegrationTest {

	@Autowired
	@Qualifier("simpleBrokerMessageHandler")
	private AbstractBrokerMessageHandler broker;

	@Autowired
	private SimpUserRegistry users;

	@Test
	void everySubscriptionIsServedWithoutSpringsBrokerKeepingAnyOfThem() {
		String reader = name("reader");
		String writer = name("writer");
		try (StompTestClient r = connect(reader).listen(); StompTestClient w = connect(writer).listen()) {
			w.say("hello");
			r.publicMessage(writer, "hello");
			w.whisper(reader, "psst");
			r.privateInbox().next(m -> "psst".equals(m.path("content").asString("")));

			var registry = ((SimpleBrokerMessageHandler) broker).getSubscriptionRegistry();
			assertThat(registry.findSubscriptions(messageTo(Destinations.PUBLIC))).isEmpty();
			// the queue Spring's user destinations would have made of each
			// /user/queue/private
			var privateQueues = users.findSubscriptions(sub -> Destinations.USER_PRIVATE.equals(sub.getDestination()));
			assertThat(privateQueues).isNotEmpty();
			privateQueues.forEach(sub -> assertThat(registry
				.findSubscriptions(messageTo(Destinations.PRIVATE_QUEUE + "-user" + sub.getSession().getId())))
				.isEmpty());
		}
	}

	private static Message<byte[]> messageTo(String destination) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(destination);
		return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
	}

	@Test
	void aSubscriptionIdUsedTwiceStillGetsEachMessageOnce() {
		String speaker = name("speaker");
		try (RawStomp raw = RawStomp.open(port); StompTestClient other = connect(speaker)) {
			assertThat(raw.connect(name("twice"))).startsWith("CONNECTED");
			raw.send("SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0");
			raw.send("SUBSCRIBE\nid:0\ndestination:/topic/public\n\n\0");
			// a client's own frames are taken in order: once its message comes back, both
			// SUBSCRIBEs count
			raw.send("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
					+ "{\"type\":\"message\",\"content\":\"ready\"}\0");
			while (!raw.nextFrame().contains("\"content\":\"ready\"")) {
				// skips what came before it, such as notices of people joining
			}
			other.say("one");
			other.say("two");
			// frames to one session arrive in order, so a second copy of "one" would come
			// before "two"
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
