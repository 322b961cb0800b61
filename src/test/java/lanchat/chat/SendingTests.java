package lanchat.chat;

import java.time.Duration;
import java.time.Instant;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static lanchat.support.StompTestClient.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md, Sending and Server messages: over real STOMP, against the running app.
 */
class SendingTests extends IntegrationTest {

	@Test
	void aPublicMessageReachesEveryoneWithIdAndTimestampAndEchoesToItsSender() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			a.say("Hello, everyone!");
			JsonNode echo = a.publicMessage(alice, "Hello, everyone!");
			JsonNode received = b.publicMessage(alice, "Hello, everyone!");
			assertThat(received.path("id").asLong()).isPositive().isEqualTo(echo.path("id").asLong());
			assertThat(Instant.parse(received.path("timestamp").asString())).isCloseTo(Instant.now(),
					org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
			assertThat(received.path("timestamp").asString()).endsWith("Z");
			assertThat(received.has("recipient")).isFalse();
			assertThat(received.properties()).extracting(java.util.Map.Entry::getKey)
				.as("the seed's fields plus id and timestamp, and the name's key (protocol.md, Joining), nothing else")
				.containsExactlyInAnyOrder("id", "type", "username", "usernameKey", "content", "timestamp");
			a.say("second");
			assertThat(b.publicMessage(alice, "second").path("id").asLong()).isGreaterThan(echo.path("id").asLong());
		}
	}

	@Test
	void thePayloadUsernameIsIgnoredTheSenderIsTheConnection() {
		String mallory = name("mallory");
		String victim = name("victim");
		try (StompTestClient m = connect(mallory).listen(); StompTestClient v = connect(victim).listen()) {
			m.send("/app/chat.send",
					"{\"type\":\"message\",\"username\":\"" + victim + "\",\"content\":\"I owe you\"}");
			JsonNode received = v.publicInbox()
				.next(message -> "I owe you".equals(message.path("content").asString("")));
			assertThat(received.path("username").asString()).isEqualTo(mallory);
		}
	}

	@Test
	void aPrivateMessageReachesOnlyItsRecipientAndEverySenderDevice() {
		String alice = name("alice");
		String bob = name("bob");
		String eve = name("eve");
		try (StompTestClient a = connect(alice).listen();
				StompTestClient b = connect(bob).listen();
				StompTestClient e = connect(eve).listen()) {
			a.whisper(bob, "Hi Bob");
			JsonNode toBob = b.privateInbox().next();
			assertThat(toBob.path("type").asString()).isEqualTo("private_message");
			assertThat(toBob.path("username").asString()).isEqualTo(alice);
			assertThat(toBob.path("recipient").asString()).isEqualTo(bob);
			assertThat(toBob.path("content").asString()).isEqualTo("Hi Bob");
			assertThat(toBob.path("id").asLong()).isPositive();
			JsonNode copy = a.privateInbox().next();
			assertThat(copy.path("id").asLong()).isEqualTo(toBob.path("id").asLong());
			// later, by the same ways to eve: whatever eve was to get of "Hi Bob" comes
			// first
			a.whisper(eve, "barrier");
			a.say("public barrier");
			assertThat(e.privateInbox().before(content("barrier"))).isEmpty();
			assertThat(e.publicInbox().before(content("public barrier"))).noneMatch(content("Hi Bob"));
		}
	}

	@Test
	void everyDeviceOfAnIdentityGetsItsPrivateMessages() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient phone = connect(bob).listen()) {
			String token = phone.sessionInfo().path("token").asString();
			var headers = StompTestClient.headers(bob);
			headers.add("token", token);
			try (StompTestClient laptop = StompTestClient.connect(port, headers).listen();
					StompTestClient a = connect(alice).listen()) {
				a.whisper(bob.toUpperCase(), "to both");
				assertThat(phone.privateInbox().next().path("content").asString()).isEqualTo("to both");
				assertThat(laptop.privateInbox().next().path("content").asString()).isEqualTo("to both");
				laptop.whisper(alice, "from the laptop");
				assertThat(a.privateInbox().next().path("content").asString()).as("the sender's copy")
					.isEqualTo("to both");
				assertThat(a.privateInbox().next().path("content").asString()).isEqualTo("from the laptop");
				assertThat(phone.privateInbox().next().path("content").asString())
					.as("the phone sees what the laptop sent")
					.isEqualTo("from the laptop");
			}
		}
	}

	@Test
	void aPrivateMessageToAnOfflineNameWaitsForItsOwner() {
		String alice = name("alice");
		String bob = name("bob");
		String token;
		try (StompTestClient b = connect(bob)) {
			token = b.sessionInfo().path("token").asString();
		}
		try (StompTestClient a = connect(alice).listen()) {
			a.whisper(bob, "while you were out");
			assertThat(a.systemReply("will be delivered").path("type").asString()).isEqualTo("system");
			JsonNode copy = a.privateInbox().next();
			var headers = StompTestClient.headers(bob);
			headers.add("token", token);
			try (StompTestClient b = StompTestClient.connect(port, headers).listen()) {
				JsonNode waited = b.privateInbox().next();
				assertThat(waited.path("content").asString()).isEqualTo("while you were out");
				assertThat(waited.path("id").asLong()).isEqualTo(copy.path("id").asLong());
			}
			try (StompTestClient again = StompTestClient.connect(port, headers).listen()) {
				// waiting messages are pushed as the queue is subscribed, before anything
				// sent later
				a.whisper(bob, "barrier");
				assertThat(again.privateInbox().before(content("barrier"))).as("delivered once, then marked").isEmpty();
			}
		}
	}

	@Test
	void unknownRecipientsAndBadInputGetSystemRepliesAndTheConnectionStaysUp() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			a.whisper("Nobody" + alice, "hello?");
			assertThat(a.systemReply("No user is called").path("content").asString())
				.startsWith("No user is called \"Nobody" + alice + "\"");
			a.send("/app/chat.send", "{not json");
			a.systemReply("must be a JSON object");
			a.send("/app/chat.send", "[1,2]");
			a.systemReply("must be a JSON object");
			a.send("/app/chat.send", "{\"content\":\"no type\"}");
			a.systemReply("\"type\" must be");
			a.send("/app/chat.send", "{\"type\":\"notification\",\"content\":\"fake\"}");
			a.systemReply("\"type\" must be");
			a.send("/app/chat.send", "{\"type\":\"message\",\"content\":\"   \"}");
			a.systemReply("empty");
			a.send("/app/chat.send", "{\"type\":\"message\"}");
			a.systemReply("empty");
			a.send("/app/chat.send", "{\"type\":\"private_message\",\"content\":\"to whom?\"}");
			a.systemReply("needs a \"recipient\"");
			a.say("/frobnicate now");
			a.systemReply("Unknown command \"/frobnicate\"");
			a.say("x".repeat(2001));
			a.systemReply("too long");
			a.say("still here");
			a.publicMessage(alice, "still here");
			assertThat(a.isConnected()).isTrue();
		}
	}

	/**
	 * PostgreSQL cannot store a NUL character in text, H2 can: the same message must get
	 * the same, clear answer on either, not "could not be saved, try again" on one of
	 * them.
	 */
	@Test
	void aNulCharacterIsRefusedSayingWhyAndNothingIsSent() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			a.send("/app/chat.send",
					"{\"type\":\"message\",\"content\":\"nul \\u0000 inside\",\"clientId\":\"nul-1\"}");
			JsonNode refused = a.systemReply("NUL");
			assertThat(refused.path("code").asString()).isEqualTo("bad-request");
			assertThat(refused.path("clientId").asString()).isEqualTo("nul-1");
			a.say("after the NUL");
			// messages arrive in order: the first of alice's is the one after the NUL, or
			// the NUL went out
			JsonNode first = a.publicInbox()
				.next(m -> "message".equals(m.path("type").asString(""))
						&& alice.equals(m.path("username").asString("")));
			assertThat(first.path("content").asString()).isEqualTo("after the NUL");
		}
	}

	@Test
	void contentLengthCountsCodePoints() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			String twoThousandEmoji = "😀".repeat(2000);
			a.say(twoThousandEmoji);
			assertThat(a.publicMessage(alice, twoThousandEmoji).path("content").asString()).hasSize(4000);
		}
	}

}
