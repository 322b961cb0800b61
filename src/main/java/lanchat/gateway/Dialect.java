package lanchat.gateway;

import java.util.List;

import io.netty.channel.ChannelHandler;
import lanchat.chat.InboundChat;
import lanchat.identity.ChatUser;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;

/**
 * How one kind of seed client talks: how its bytes become messages and how messages are
 * written for it. A connection's first bytes pick the dialect; it never changes
 * afterwards.
 */
interface Dialect {

	/**
	 * The seed clients read 1024 bytes at a time and treat each read as a whole message
	 * (v3 parses it as one JSON object; v2 decodes it as UTF-8 on its own), so no write
	 * may be longer than this.
	 */
	int MAX_WRITE = 1000;

	/**
	 * The handlers that cut this dialect's byte stream into frames of at most
	 * {@code maxFrame} bytes, in pipeline order, new for each connection. Frames go on as
	 * {@code ByteBuf}s, to be decoded as UTF-8.
	 */
	List<ChannelHandler> framing(int maxFrame);

	/**
	 * The name asked for in the client's first message.
	 * @return {@code null} if the message holds nothing (a blank line)
	 * @throws Refusal if the first message is not a name; the connection is then closed
	 */
	@Nullable NameRequest name(String frame);

	/**
	 * A later message, as the chat pipeline takes it.
	 * @return {@code null} if there is nothing to send (a blank line)
	 * @throws Refusal with a reply for the client when the message makes no sense
	 */
	@Nullable InboundChat message(String frame);

	/**
	 * The writes for one message, each at most {@link #MAX_WRITE} bytes, to be sent
	 * apart.
	 * @param self who the connection is, or {@code null} before it has a name
	 * @return empty when this client is not to see the message
	 */
	List<byte[]> render(ServerMessage message, @Nullable ChatUser self);

	/**
	 * What a seed client is shown as a message's text: its content, for every kind of
	 * message so far.
	 */
	static String shownContent(ServerMessage message) {
		return message.content() == null ? "" : message.content();
	}

	/**
	 * A name asked for, with a token or password only a JSON client can send.
	 */
	record NameRequest(String name, @Nullable String token, @Nullable String password) {
	}

}
