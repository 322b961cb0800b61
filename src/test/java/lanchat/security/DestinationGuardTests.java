package lanchat.security;

import lanchat.support.IntegrationTest;
import lanchat.support.RawStomp;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md, Subscriptions and Sending: clients reach only the destinations the
 * contract lists.
 */
class DestinationGuardTests extends IntegrationTest {

	@ParameterizedTest
	@ValueSource(strings = { "/topic/public", "/queue/private", "/user/queue/private", "/app/history", "/app/other" })
	void sendingAnywhereButTheTwoAppDestinationsIsRefusedAndCloses(String destination) {
		try (RawStomp raw = RawStomp.open(port)) {
			assertThat(raw.connect(name("sender"))).startsWith("CONNECTED");
			raw.send("SEND\ndestination:" + destination + "\ncontent-type:application/json\n\n"
					+ "{\"type\":\"message\",\"content\":\"sneaky\"}\0");
			String error = raw.nextFrame();
			assertThat(error).startsWith("ERROR")
				.contains("message:you cannot send to " + destination)
				.contains("\ncode:bad-destination\n");
			raw.awaitClosed();
		}
	}

	@Test
	void aForgedPublicMessageReachesNobody() {
		String bob = name("bob");
		try (StompTestClient b = connect(bob).listen(); RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("forger"));
			raw.send("SEND\ndestination:/topic/public\ncontent-type:application/json\n\n"
					+ "{\"id\":1,\"type\":\"message\",\"username\":\"admin\",\"content\":\"forged\"}\0");
			raw.awaitClosed();
			b.say("after the forgery");
			assertThat(
					b.publicInbox().before(message -> "after the forgery".equals(message.path("content").asString(""))))
				.noneMatch(message -> "forged".equals(message.path("content").asString("")));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/topic/other", "/queue/private", "/queue/system", "/user/queue/other", "/app/chat.send",
			"/topic/public/extra", "/queue/private-user123" })
	void subscribingAnywhereElseIsRefused(String destination) {
		try (RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("reader"));
			raw.send("SUBSCRIBE\nid:1\ndestination:" + destination + "\n\n\0");
			assertThat(raw.nextFrame()).startsWith("ERROR")
				.contains("message:you cannot subscribe to " + destination)
				.contains("\ncode:bad-destination\n");
			raw.awaitClosed();
		}
	}

	@Test
	void nobodyCanReadAnotherUsersQueue() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen();
				StompTestClient b = connect(bob).listen();
				RawStomp spy = RawStomp.open(port)) {
			spy.connect(name("spy"));
			spy.send("SUBSCRIBE\nid:1\ndestination:/user/" + bob + "/queue/private\n\n\0");
			assertThat(spy.nextFrame()).startsWith("ERROR").contains("you cannot subscribe to /user/" + bob);
			spy.awaitClosed();
			a.whisper(bob, "for Bob only");
			assertThat(b.privateInbox().next().path("content").asString()).isEqualTo("for Bob only");
		}
	}

	@Test
	void framesBeforeConnectGetNoFurther() {
		try (RawStomp raw = RawStomp.open(port)) {
			raw.send("SEND\ndestination:/app/chat.send\n\n{\"type\":\"message\",\"content\":\"hi\"}\0");
			assertThat(raw.nextFrame()).startsWith("ERROR").contains("message:send CONNECT first");
			raw.awaitClosed();
		}
	}

	@Test
	void othersAreUnaffectedByARefusedClient() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen(); RawStomp raw = RawStomp.open(port)) {
			raw.connect(name("rogue"));
			raw.send("SUBSCRIBE\nid:1\ndestination:/topic/secret\n\n\0");
			raw.awaitClosed();
			a.say("still fine");
			a.publicMessage(alice, "still fine");
		}
	}

}
