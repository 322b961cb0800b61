package lanchat.gateway;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelHandler;
import lanchat.chat.InboundChat;
import lanchat.chat.JsonObjects;
import lanchat.identity.ChatUser;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.MessageType;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seed's v3 JSON: a first object {@code {"type":"username","content":NAME}}, then
 * {@code message} and {@code private_message} objects (their {@code username} is not
 * read). Output is one object per write with the seed's fields, always with
 * {@code username} because the seed client prints it ({@code "system"} for the server's
 * own), and never longer than {@link #MAX_WRITE}: longer content goes out in several
 * consecutive objects. The seed client prints {@code content} as it is, so line breaks in
 * it are followed by an indent, as in the text dialect ({@link TerminalText}).
 */
final class JsonDialect implements Dialect {

	static final String SYSTEM_NAME = "system";

	private static final String FIRST = "Start with {\"type\":\"username\",\"content\":\"YOUR NAME\"}.";

	private static final String LATER = "Send objects like {\"type\":\"message\",\"content\":\"Hello\"} or "
			+ "{\"type\":\"private_message\",\"recipient\":\"Bob\",\"content\":\"Hi\"}.";

	private final JsonMapper json;

	JsonDialect(JsonMapper json) {
		this.json = json;
	}

	@Override
	public List<ChannelHandler> framing(int maxFrame) {
		return List.of(new JsonFrameDecoder(maxFrame));
	}

	@Override
	public NameRequest name(String frame) {
		JsonNode object = parse(frame, FIRST);
		String name = JsonObjects.text(object, "content");
		if (!"username".equals(JsonObjects.text(object, "type")) || name == null) {
			throw new Refusal(ErrorCode.BAD_REQUEST, FIRST);
		}
		return new NameRequest(name, JsonObjects.text(object, "token"), JsonObjects.text(object, "password"));
	}

	@Override
	public InboundChat message(String frame) {
		JsonNode object = parse(frame, LATER);
		return InboundChat.from(object);
	}

	/**
	 * The sender's own copy of a private message is left out: the seed client would print
	 * it as "[Private from <me>]", as if someone else had sent it, and the seed never
	 * sent it.
	 */
	@Override
	public List<byte[]> render(ServerMessage message, @Nullable ChatUser self) {
		if (MessageType.PRESENCE.wireName().equals(message.type())
				|| (message.isPrivate() && TextDialect.isOwnCopy(message, self))) {
			return List.of();
		}
		String content = TerminalText.indented(Dialect.shownContent(message));
		int overhead = json.writeValueAsBytes(object(message, "")).length;
		List<byte[]> writes = new ArrayList<>(1);
		for (String piece : TerminalText.cut(content, MAX_WRITE - overhead, JsonDialect::escapedLength)) {
			writes.add(json.writeValueAsBytes(object(message, piece)));
		}
		return writes;
	}

	/** The seed's field order, then what lanchat adds. */
	private ObjectNode object(ServerMessage message, String content) {
		String username = message.username() == null ? SYSTEM_NAME : message.username();
		ObjectNode object = json.createObjectNode()
			.put("type", message.type())
			.put("username", username)
			.put("content", content);
		if (message.recipient() != null) {
			object.put("recipient", message.recipient());
		}
		if (message.id() != null) {
			object.put("id", message.id());
		}
		if (Boolean.TRUE.equals(message.action())) {
			object.put("action", true);
		}
		if (message.code() != null) {
			object.put("code", message.code());
		}
		return object.put("timestamp", message.timestamp().toString());
	}

	/**
	 * What the code point takes inside a JSON string as Jackson writes it: two bytes for
	 * the short escapes, six for other controls.
	 */
	static int escapedLength(int codePoint) {
		return switch (codePoint) {
			case '"', '\\', '\n', '\r', '\t', '\b', '\f' -> 2;
			default -> codePoint < 0x20 ? 6 : TerminalText.utf8Length(codePoint);
		};
	}

	private JsonNode parse(String frame, String hint) {
		return JsonObjects.read(json, frame)
			.orElseThrow(() -> new Refusal(ErrorCode.BAD_REQUEST,
					"That was not a JSON object the server understands. " + hint));
	}

}
