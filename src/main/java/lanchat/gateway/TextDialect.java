package lanchat.gateway;

import java.util.List;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import lanchat.chat.InboundChat;
import lanchat.identity.ChatUser;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.MessageType;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;

/**
 * The seed's v2 text (and v1, whose first message becomes its name): the first message is
 * the name, every later one is said in the room ({@code /w name text} and the other
 * commands work because the chat pipeline reads them). Output is the v2 server's wording,
 * one line per message, each ending in a newline so that lines stay apart even when the
 * client reads two writes at once; line breaks inside a message continue it on indented
 * lines ({@link TerminalText}).
 */
final class TextDialect implements Dialect {

	static final TextDialect INSTANCE = new TextDialect();

	private TextDialect() {
	}

	/**
	 * Lines end at {@code \n} (a {@code \r} before it is dropped), so that {@code nc} and
	 * {@code telnet} work; the seed's clients end nothing, so a pause ends their line
	 * ({@link PauseEndsLine}).
	 */
	@Override
	public List<ChannelHandler> framing(int maxFrame) {
		return List.of(new PauseEndsLine(), new LineBasedFrameDecoder(maxFrame, true, true));
	}

	@Override
	public @Nullable NameRequest name(String frame) {
		String name = frame.strip();
		return name.isEmpty() ? null : new NameRequest(name, null, null);
	}

	@Override
	public @Nullable InboundChat message(String frame) {
		return frame.isBlank() ? null : new InboundChat(MessageType.MESSAGE.wireName(), frame, null, null);
	}

	@Override
	public List<byte[]> render(ServerMessage message, @Nullable ChatUser self) {
		String line = line(message, self);
		// only a message's continuation starts with a space
		return line == null ? List.of() : TerminalText.writes(line.stripLeading(), MAX_WRITE);
	}

	/** The v2 server's wording; {@code /me} as IRC shows it. */
	static @Nullable String line(ServerMessage message, @Nullable ChatUser self) {
		String content = Dialect.shownContent(message);
		String sender = message.username();
		if (MessageType.MESSAGE.wireName().equals(message.type())) {
			return Boolean.TRUE.equals(message.action()) ? "* " + sender + " " + content
					: "[" + sender + "] " + content;
		}
		if (message.isPrivate()) {
			return isOwnCopy(message, self) ? "[Private to " + message.recipient() + "] " + content
					: "[Private from " + sender + "] " + content;
		}
		if (MessageType.PRESENCE.wireName().equals(message.type())) {
			return null;
		}
		return content;
	}

	/** The copy of a private message this identity sent to someone else. */
	static boolean isOwnCopy(ServerMessage message, @Nullable ChatUser self) {
		return self != null && self.username().equals(message.username())
				&& !self.username().equals(message.recipient());
	}

}
