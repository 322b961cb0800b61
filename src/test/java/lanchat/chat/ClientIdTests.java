package lanchat.chat;

import java.util.List;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md v2, "Client ids and machine-readable codes": every live copy of a message
 * and every answer to the SEND that made it carry the client's id; refusals carry a code.
 * Over real STOMP.
 */
class ClientIdTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyLiveCopyOfAPublicMessageCarriesTheClientIdAndHistoryDoesNot() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			a.send("/app/chat.send", chat("message", "same words", null, "c-1"));
			a.send("/app/chat.send", chat("message", "same words", null, "c-2"));
			JsonNode firstEcho = a.publicMessage(alice, "same words");
			JsonNode secondEcho = a.publicMessage(alice, "same words");
			assertThat(List.of(firstEcho.path("clientId").asString(), secondEcho.path("clientId").asString()))
				.as("two sends of the same text are told apart by their ids, in order")
				.containsExactly("c-1", "c-2");
			assertThat(b.publicMessage(alice, "same words").path("clientId").asString()).isEqualTo("c-1");
			StompHeaders after = new StompHeaders();
			after.add("after", Long.toString(firstEcho.path("id").asLong() - 1));
			JsonNode page = a.request("/app/history", after);
			assertThat(page).isNotEmpty();
			page.forEach(stored -> assertThat(stored.has("clientId")).as("history pages carry no clientId").isFalse());
		}
	}

	@Test
	void bothPartiesCopiesOfAPrivateMessageCarryTheClientId() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			a.send("/app/chat.send", chat("private_message", "psst", bob, "p-7"));
			assertThat(b.privateInbox().next().path("clientId").asString()).isEqualTo("p-7");
			assertThat(a.privateInbox().next().path("clientId").asString()).isEqualTo("p-7");
		}
	}

	@Test
	void refusalsOfASendCarryItsClientIdAndACode() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			a.send("/app/chat.send", chat("message", "x".repeat(2001), null, "long-1"));
			assertReply(a.systemInbox().next(), "long-1", "too-long");
			a.send("/app/chat.send", chat("message", "   ", null, "empty-1"));
			assertReply(a.systemInbox().next(), "empty-1", "empty");
			a.send("/app/chat.send", chat("message", "/nosuchcommand", null, "cmd-1"));
			assertReply(a.systemInbox().next(), "cmd-1", "unknown-command");
			a.send("/app/chat.send", chat("message", "/kick someone", null, "mod-1"));
			assertReply(a.systemInbox().next(), "mod-1", "not-moderator");
			a.send("/app/chat.send", chat("private_message", "hello?", name("nobody"), "pm-1"));
			assertReply(a.systemInbox().next(), "pm-1", "no-such-user");
			a.send("/app/chat.send", chat("message", "/w", null, "usage-1"));
			assertReply(a.systemInbox().next(), "usage-1", "bad-request");
			a.send("/app/chat.send", chat("shout", "hi", null, "type-1"));
			assertReply(a.systemInbox().next(), "type-1", "bad-request");
		}
	}

	@Test
	void anAnswerThatRefusesNothingCarriesTheClientIdButNoCode() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			a.send("/app/chat.send", chat("message", "/who", null, "who-1"));
			JsonNode reply = a.systemReply("online:");
			assertThat(reply.path("clientId").asString()).isEqualTo("who-1");
			assertThat(reply.has("code")).isFalse();
		}
	}

	@Test
	void aClientIdOutsideOneTo64CharactersIsRefusedAndNotEchoed() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			a.send("/app/chat.send", chat("message", "hi", null, "x".repeat(65)));
			JsonNode reply = a.systemInbox().next();
			assertThat(reply.path("code").asString()).isEqualTo("bad-request");
			assertThat(reply.path("content").asString()).contains("clientId");
			assertThat(reply.has("clientId")).isFalse();
			a.send("/app/chat.send", chat("message", "fine", null, "x".repeat(64)));
			assertThat(a.publicMessage(alice, "fine").path("clientId").asString()).hasSize(64);
		}
	}

	private static void assertReply(JsonNode reply, String clientId, String code) {
		assertThat(reply.path("type").asString()).isEqualTo("system");
		assertThat(reply.path("clientId").asString()).as(reply.toString()).isEqualTo(clientId);
		assertThat(reply.path("code").asString()).as(reply.toString()).isEqualTo(code);
		assertThat(reply.path("content").asString()).isNotBlank();
	}

	private static String chat(String type, String content, String recipient, String clientId) {
		var node = JSON.createObjectNode().put("type", type).put("content", content).put("clientId", clientId);
		if (recipient != null) {
			node.put("recipient", recipient);
		}
		return node.toString();
	}

}
