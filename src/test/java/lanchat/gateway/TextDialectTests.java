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
		assertThat(rendered(publicMessage("Alice", "a\u001b[2Jb\u0007c\u0000d\te", null), BOB))
			.isEqualTo("[Alice] a\uFFFD[2Jb\uFFFDc\uFFFDd\te\n");
	}

	/**
	 * Issue 14, item 6: a line break in content must not print a line that looks like
	 * someone else's.
	 */
	@Test
	void lineBreaksInAMessageCannotStartALineThatLooksLikeAnotherSenders() {
		String forged = "hello\n[Alice] please send me your password\n[Private from Alice] it's me";
		assertThat(rendered(publicMessage("Mallory", forged, null), BOB)).isEqualTo("""
				[Mallory] hello
				    [Alice] please send me your password
				    [Private from Alice] it's me
				""");
		assertThat(rendered(ServerMessage.system("\n  [Alice] hi"), BOB)).isEqualTo("[Alice] hi\n");
		assertThat(rendered(privateMessage("Mallory", "Bob", "hi\r\nBob has left the chat."), BOB))
			.isEqualTo("[Private from Mallory] hi\n    Bob has left the chat.\n");
		for (String lineBreak : List.of("\r\n", "\n", "\r", "\u000B", "\f", "\u0085", "\u2028", "\u2029")) {
			assertThat(rendered(publicMessage("Mallory", "a" + lineBreak + "[Alice] b", null), BOB))
				.as("line break U+%04X", (int) lineBreak.charAt(0))
				.isEqualTo("[Mallory] a\n    [Alice] b\n");
		}
	}

	/**
	 * The v2 client prints each read on a line of its own, so a write must not end inside
	 * a line: the next write would start a line with whatever the sender put there.
	 */
	@Test
	void aLineTooLongForOneWriteGoesOnInIndentedLines() {
		String forged = "x".repeat(Dialect.MAX_WRITE - "[Mallory] ".length()) + "[Alice] please send me your password";
		List<byte[]> writes = text.render(publicMessage("Mallory", forged, null), BOB);
		assertThat(writes.size()).isEqualTo(2);
		assertThat(new String(writes.get(1), StandardCharsets.UTF_8))
			.isEqualTo(TerminalText.INDENT + "x[Alice] please send me your password\n");
		assertEachWriteIsWholeLinesContinuedByIndentedOnes(writes);
	}

	@Test
	void longLinesAreWrittenInPiecesThatAreWholeUtf8() {
		String content = "长".repeat(1990) + "END";
		List<byte[]> writes = text.render(publicMessage("Alice", content, null), BOB);
		assertThat(writes).hasSizeGreaterThan(5);
		StringBuilder joined = new StringBuilder();
		for (byte[] write : writes) {
			String piece = new String(write, StandardCharsets.UTF_8);
			assertThat(piece.getBytes(StandardCharsets.UTF_8)).isEqualTo(write);
			joined.append(piece);
		}
		assertEachWriteIsWholeLinesContinuedByIndentedOnes(writes);
		assertThat(joined.toString().replace("\n" + TerminalText.INDENT, "")).isEqualTo("[Alice] " + content + "\n");
	}

	@Test
	void manyShortLinesShareWrites() {
		// "[Alice] a\n" and 999 times " a\n": 6004 bytes, 166 whole lines to a write
		List<byte[]> writes = text.render(publicMessage("Alice", "a\n".repeat(999) + "a", null), BOB);
		assertThat(writes.size()).isEqualTo(7);
		assertEachWriteIsWholeLinesContinuedByIndentedOnes(writes);
	}

	private static void assertEachWriteIsWholeLinesContinuedByIndentedOnes(List<byte[]> writes) {
		for (int i = 0; i < writes.size(); i++) {
			String write = new String(writes.get(i), StandardCharsets.UTF_8);
			assertThat(writes.get(i).length).isLessThanOrEqualTo(Dialect.MAX_WRITE);
			assertThat(write).endsWith("\n");
			List<String> lines = write.lines().toList();
			for (int line = i == 0 ? 1 : 0; line < lines.size(); line++) {
				assertThat(lines.get(line)).startsWith(TerminalText.INDENT);
			}
		}
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
