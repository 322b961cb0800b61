package lanchat.chat;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import lanchat.LanchatProperties;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.delivery.Transport;
import lanchat.files.FilesProperties;
import lanchat.history.HistoryQuery;
import lanchat.history.HistoryService;
import lanchat.identity.ChatUser;
import lanchat.identity.TokenHandOver;
import lanchat.moderation.ModeratorRights;
import lanchat.presence.PresenceService;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.EncodedJson;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.PresenceStatus;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.files.HttpTickets;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.SubscribeMapping;
import org.springframework.stereotype.Controller;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The STOMP face of the chat: the {@code /app} destinations of the wire contract.
 */
@Controller
class ChatController {

	private final ChatService chat;

	private final PresenceService presenceService;

	private final PresenceTracker presence;

	private final HistoryService history;

	private final Delivery delivery;

	private final JsonMapper json;

	private final LanchatProperties properties;

	private final ModeratorRights rights;

	private final HttpTickets tickets;

	private final FilesProperties files;

	ChatController(ChatService chat, PresenceService presenceService, PresenceTracker presence, HistoryService history,
			Delivery delivery, JsonMapper json, LanchatProperties properties, ModeratorRights rights,
			HttpTickets tickets, FilesProperties files) {
		this.chat = chat;
		this.presenceService = presenceService;
		this.presence = presence;
		this.history = history;
		this.delivery = delivery;
		this.json = json;
		this.properties = properties;
		this.rights = rights;
		this.tickets = tickets;
		this.files = files;
	}

	@MessageMapping("/chat.send")
	void send(Message<byte[]> message, Principal user,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		Connection from = connection(user, sessionId);
		JsonNode body = parse(from, message.getPayload());
		if (body != null) {
			chat.receive(from, InboundChat.from(body));
		}
	}

	@MessageMapping("/presence")
	void presence(Message<byte[]> message, Principal user,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		Connection from = connection(user, sessionId);
		JsonNode body = parse(from, message.getPayload());
		if (body == null) {
			return;
		}
		String status = JsonObjects.text(body, "status");
		PresenceStatus.settable(status == null ? "" : status)
			.ifPresentOrElse(settable -> presenceService.setStatus(from, settable),
					() -> delivery.refuse(from, ErrorCode.BAD_REQUEST, "\"status\" must be \"online\" or \"away\"."));
	}

	@SubscribeMapping("/session")
	SessionInfo session(Principal user, SimpMessageHeaderAccessor headers,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		LanchatProperties.Limits limits = properties.limits();
		Connection connection = connection(user, sessionId);
		boolean moderator = rights.isModerator(connection);
		String ticket = tickets.issue(connection);
		// last: a reply that fails before it is built hands nothing over
		String token = TokenHandOver.handOver(headers.getSessionAttributes());
		return new SessionInfo(
				((ChatUser) user).username(), token, moderator, new SessionInfo.Limits(limits.contentLength(),
						limits.ratePerSecond(), limits.burst(), files.maxBytes().toBytes()),
				properties.history().daysOrNull(), ticket);
	}

	@SubscribeMapping("/users")
	EncodedJson users() {
		return presence.snapshotJson();
	}

	@SubscribeMapping("/history")
	List<ServerMessage> history(Principal user, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
			@Header(name = "before", required = false) @Nullable String before,
			@Header(name = "after", required = false) @Nullable String after,
			@Header(name = "limit", required = false) @Nullable String limit) {
		try {
			return history.page((ChatUser) user, HistoryQuery.parse(before, after, limit));
		}
		catch (Refusal refusal) {
			delivery.refuse(connection(user, sessionId), refusal.code(), refusal.getMessage() + ".");
			return List.of();
		}
	}

	private static Connection connection(Principal user, String sessionId) {
		return new Connection(sessionId, (ChatUser) user, Transport.STOMP);
	}

	private @Nullable JsonNode parse(Connection from, byte[] payload) {
		Optional<JsonNode> body = JsonObjects.read(json, payload);
		if (body.isEmpty()) {
			delivery.refuse(from, ErrorCode.BAD_REQUEST,
					"The message body must be a JSON object, e.g. {\"type\":\"message\",\"content\":\"Hi\"}.");
		}
		return body.orElse(null);
	}

}
