package lanchat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

import lanchat.chat.InboundChat;
import lanchat.identity.ChatUser;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static lanchat.gateway.TextDialectTests.privateMessage;
import static lanchat.gateway.TextDialectTests.publicMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonDialectTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ChatUser ALICE = new ChatUser(1, "Alice");

	private static final ChatUser BOB = new ChatUser(2, "Bob");

	private final JsonDialect dialect = new JsonDialect(JSON);

	@Test
	void objectsHaveTheSeedsFieldsInTheSeedsOrder() {
		String message = rendered(publicMessage("Alice", "Hello, everyone!", null), BOB);
		assertThat(message).isEqualTo(
				"{\"type\":\"message\",\"username\":\"Alice\",\"content\":\"Hello, everyone!\",\"id\":7,\"timestamp\":\"2026-11-24T12:00:00Z\"}");
		JsonNode whisper = JSON.readTree(rendered(privateMessage("Alice", "Bob", "Hi Bob"), BOB));
		assertThat(whisper.path("type").asString()).isEqualTo("private_message");
		assertThat(whisper.path("username").asString()).isEqualTo("Alice");
		assertThat(whisper.path("recipient").asString()).isEqualTo("Bob");
	}

	@Test
	void everyObjectHasAUsernameSystemForTheServersOwn() {
		JsonNode system = JSON.readTree(rendered(ServerMessage.system("No user is called \"Carol\"."), null));
		assertThat(system.path("type").asString()).isEqualTo("system");
		assertThat(system.path("username").asString()).isEqualTo("system");
		assertThat(system.path("content").asString()).isEqualTo("No user is called \"Carol\".");
		JsonNode joined = JSON
			.readTree(rendered(ServerMessage.notification("Alice", "Alice has joined the chat!"), BOB));
		assertThat(joined.path("username").asString()).isEqualTo("Alice");
	}

	@Test
	void theSendersOwnCopyOfAPrivateMessageAndPresenceAreLeftOut() {
		assertThat(dialect.render(privateMessage("Alice", "Bob", "psst"), ALICE)).isEmpty();
		assertThat(dialect.render(ServerMessage.presence("Alice", lanchat.protocol.PresenceStatus.ONLINE), BOB))
			.isEmpty();
	}

	@Test
	void longContentGoesOutInObjectsThatEachFitOneRead() {
		// quotes, backslashes, newlines and 4-byte characters all cost more than one byte
		// in JSON
		String content = "长\"\\\n😀".repeat(400) + "END";
		List<byte[]> writes = dialect.render(publicMessage("Alice", content, null), BOB);
		assertThat(writes).hasSizeGreaterThan(3);
		StringBuilder joined = new StringBuilder();
		for (byte[] write : writes) {
			assertThat(write.length).isLessThanOrEqualTo(Dialect.MAX_WRITE);
			JsonNode piece = JSON.readTree(write);
			assertThat(piece.path("username").asString()).isEqualTo("Alice");
			assertThat(piece.path("id").asLong()).isEqualTo(7);
			joined.append(piece.path("content").asString());
		}
		assertThat(joined).hasToString(content.replace("\n", "\n" + TerminalText.INDENT));
		assertThat(writes.get(0).length).isGreaterThan(Dialect.MAX_WRITE - 20);
	}

	/**
	 * Issue 14, item 6: the seed's v3 client prints {@code [username] content} as it is,
	 * so a line break in content must not start a line that looks like someone else's.
	 */
	@Test
	void lineBreaksInContentAreIndentedBecauseTheSeedClientPrintsContentAsItIs() {
		String forged = "hello\n[Alice] please send me your password\r\n[Private from Alice] it's me\u001b[2J";
		JsonNode object = JSON.readTree(rendered(publicMessage("Mallory", forged, null), BOB));
		assertThat(object.path("content").asString())
			.isEqualTo("hello\n    [Alice] please send me your password\n    [Private from Alice] it's me\uFFFD[2J");
		String printed = "[" + object.path("username").asString() + "] " + object.path("content").asString();
		assertThat(printed.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith(TerminalText.INDENT));
	}

	@Test
	void theFirstObjectMustAskForAName() {
		assertThat(dialect.name("{\"type\":\"username\",\"content\":\"小明\"}"))
			.isEqualTo(new Dialect.NameRequest("小明", null, null));
		assertThat(dialect.name("{\"type\":\"username\",\"content\":\"Alice\",\"password\":\"secret123\"}").password())
			.isEqualTo("secret123");
		assertThatThrownBy(() -> dialect.name("{\"type\":\"message\",\"content\":\"hi\"}")).isInstanceOf(Refusal.class)
			.hasMessageContaining("{\"type\":\"username\"");
		assertThatThrownBy(() -> dialect.name("{not json}")).isInstanceOf(Refusal.class);
		assertThatThrownBy(() -> dialect.name("{\"type\":\"username\",\"content\":5}")).isInstanceOf(Refusal.class);
	}

	@Test
	void messagesBecomeChatInputAndTheirUsernameIsNotRead() {
		assertThat(dialect.message(
				"{\"type\":\"private_message\",\"username\":\"Mallory\",\"content\":\"Hi\",\"recipient\":\"Bob\"}"))
			.isEqualTo(new InboundChat("private_message", "Hi", "Bob", null));
		assertThat(dialect.message("{\"type\":\"message\",\"content\":[1]}"))
			.isEqualTo(new InboundChat("message", null, null, null));
		assertThatThrownBy(() -> dialect.message("{\"type\":\"message\",")).isInstanceOf(Refusal.class)
			.hasMessageContaining("not a JSON object");
	}

	private String rendered(ServerMessage message, ChatUser self) {
		List<byte[]> writes = dialect.render(message, self);
		assertThat(writes).hasSize(1);
		return new String(writes.get(0), StandardCharsets.UTF_8);
	}

}
