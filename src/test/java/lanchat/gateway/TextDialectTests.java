package lanchat.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import lanchat.identity.ChatUser;
import lanchat.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextDialectTests {

	private static final ChatUser ALICE = new ChatUser(1, "Alice");

	private static final ChatUser BOB = new ChatUser(2, "Bob");

	private final TextDialect text = TextDialect.INSTANCE;

	@Test
	void messagesReadAsTheSeedsV2ServerWroteThem() {
		assertThat(rendered(publicMessage("Alice", "hi", null), BOB)).isEqualTo("[Alice] hi\n");
		assertThat(rendered(publicMessage("Alice", "waves", true), BOB)).isEqualTo("* Alice waves\n");
		assertThat(rendered(ServerMessage.notification("Alice", "Alice has joined the chat!"), BOB))
			.isEqualTo("Alice has joined the chat!\n");
		assertThat(rendered(ServerMessage.system("No user is called \"Carol\"."), null))
			.isEqualTo("No user is called \"Carol\".\n");
	}

	@Test
	void privateMessagesSayWhoFromOrWhoTo() {
		ServerMessage whisper = privateMessage("Alice", "Bob", "psst");
		assertThat(rendered(whisper, BOB)).isEqualTo("[Private from Alice] psst\n");
		assertThat(rendered(whisper, ALICE)).isEqualTo("[Private to Bob] psst\n");
		assertThat(rendered(privateMessage("Alice", "Alice", "note to self"), ALICE))
			.isEqualTo("[Private from Alice] note to self\n");
	}

	@Test
	void presenceIsNotShown() {
		assertThat(text.render(ServerMessage.presence("Alice", lanchat.protocol.PresenceStatus.AWAY), BOB)).isEmpty();
	}

	@Test
	void controlCharactersCannotReachTheTerminal() {
		assertThat(rendered(publicMessage("Alice", "a\u001b[2Jb\rc\u0085d\te\nf", null), BOB))
			.isEqualTo("[Alice] a\uFFFD[2Jb\uFFFDc\uFFFDd\te\nf\n");
	}

	@Test
	void longLinesAreWrittenInPiecesThatAreWholeUtf8() {
		String content = "长".repeat(1990) + "END";
		List<byte[]> writes = text.render(publicMessage("Alice", content, null), BOB);
		assertThat(writes).hasSizeGreaterThan(5);
		StringBuilder joined = new StringBuilder();
		for (byte[] write : writes) {
			assertThat(write.length).isLessThanOrEqualTo(Dialect.MAX_WRITE);
			String piece = new String(write, StandardCharsets.UTF_8);
			assertThat(piece.getBytes(StandardCharsets.UTF_8)).isEqualTo(write);
			joined.append(piece);
		}
		assertThat(joined).hasToString("[Alice] " + content + "\n");
	}

	@Test
	void theFirstLineIsTheNameAndBlankLinesAreNothing() {
		assertThat(text.name("  Alice \r")).isEqualTo(new Dialect.NameRequest("Alice", null, null));
		assertThat(text.name("   ")).isNull();
		assertThat(text.message("/w Bob psst").content()).isEqualTo("/w Bob psst");
		assertThat(text.message("/w Bob psst").type()).isEqualTo("message");
		assertThat(text.message(" ")).isNull();
	}

	private String rendered(ServerMessage message, ChatUser self) {
		List<byte[]> writes = text.render(message, self);
		assertThat(writes).hasSize(1);
		return new String(writes.get(0), StandardCharsets.UTF_8);
	}

	static ServerMessage publicMessage(String from, String content, Boolean action) {
		return ServerMessage.stored(7L, "message", from, null, content, Boolean.TRUE.equals(action),
				Instant.parse("2026-11-24T12:00:00Z"));
	}

	static ServerMessage privateMessage(String from, String to, String content) {
		return ServerMessage.stored(8L, "private_message", from, to, content, false,
				Instant.parse("2026-11-24T12:00:00Z"));
	}

}
