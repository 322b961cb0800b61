package lanchat.chat;

import java.util.List;
import java.util.Optional;

import lanchat.LanchatProperties;
import lanchat.command.ChatCommand;
import lanchat.command.CommandContext;
import lanchat.command.Commands;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.history.HistoryService;
import lanchat.history.NewMessage;
import lanchat.identity.ChatUser;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.MessageType;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.system.ChatMetrics;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The send pipeline, the same for every transport: check, then persist, then deliver. Nothing reaches
 * anyone before it is in history, and every refusal is answered with a {@code system} message.
 */
@Service
public class ChatService {

	private final HistoryService history;

	private final Delivery delivery;

	private final IdentityService identities;

	private final PresenceTracker presence;

	private final Commands commands;

	private final ModerationService moderation;

	private final ChatMetrics metrics;

	private final LanchatProperties.Limits limits;

	ChatService(HistoryService history, Delivery delivery, IdentityService identities, PresenceTracker presence,
			Commands commands, ModerationService moderation, ChatMetrics metrics, LanchatProperties properties) {
		this.history = history;
		this.delivery = delivery;
		this.identities = identities;
		this.presence = presence;
		this.commands = commands;
		this.moderation = moderation;
		this.metrics = metrics;
		this.limits = properties.limits();
	}

	/** Handles one message a client sent. */
	public void receive(Connection from, InboundChat inbound) {
		metrics.messageReceived(inbound.type() == null ? "none" : inbound.type());
		Optional<MessageType> type = MessageType.sendable(inbound.type() == null ? "" : inbound.type());
		if (type.isEmpty()) {
			delivery.system(from, "\"type\" must be \"message\" or \"private_message\".");
			return;
		}
		String content = checkedContent(from, inbound.content());
		if (content == null) {
			return;
		}
		if (type.get() == MessageType.PRIVATE_MESSAGE) {
			String recipient = inbound.recipient();
			if (recipient == null || recipient.isBlank()) {
				delivery.system(from, "A private_message needs a \"recipient\".");
				return;
			}
			sendPrivate(from, recipient, content);
		}
		else if (isCommand(content)) {
			runCommand(from, content);
		}
		else {
			sendPublic(from, content, false);
		}
	}

	/** Hands a connection the private messages that waited while its identity was offline. */
	public void deliverWaiting(Connection connection) {
		for (ServerMessage waiting : history.takeUndelivered(connection.user())) {
			delivery.toConnection(connection, waiting);
		}
	}

	private @Nullable String checkedContent(Connection from, @Nullable String content) {
		if (content == null || content.isBlank()) {
			delivery.system(from, "The message is empty: \"content\" needs some text.");
			return null;
		}
		int length = content.codePointCount(0, content.length());
		if (length > limits.contentLength()) {
			delivery.system(from, "The message is too long: " + length + " characters, at most "
					+ limits.contentLength() + " are allowed. Nothing was sent.");
			return null;
		}
		return content;
	}

	private static boolean isCommand(String content) {
		return content.length() > 1 && content.charAt(0) == '/' && !Character.isWhitespace(content.charAt(1));
	}

	private void runCommand(Connection from, String content) {
		String[] parts = content.substring(1).split("\\s+", 2);
		String name = parts[0];
		String arguments = parts.length > 1 ? parts[1].strip() : "";
		Optional<ChatCommand> command = commands.find(name);
		if (command.isEmpty()) {
			delivery.system(from, "Unknown command \"/" + name + "\". Type /help for the list of commands.");
			return;
		}
		if (command.get().moderatorOnly() && !moderation.isModerator(from)) {
			delivery.system(from, "Only moderators can use /" + command.get().name() + ".");
			return;
		}
		try {
			command.get().execute(new Context(from), arguments);
		}
		catch (Refusal refusal) {
			delivery.system(from, refusal.getMessage());
		}
	}

	private void sendPublic(Connection from, String content, boolean action) {
		if (held(from)) {
			return;
		}
		NewMessage message = new NewMessage(from.user(), null, content, action, ServerMessage.now(), true);
		history.append(message, stored -> delivery.toRoom(stored, from), failure -> notSaved(from));
	}

	private void sendPrivate(Connection from, String recipientName, String content) {
		Optional<ChatUser> recipient = identities.holder(recipientName);
		if (recipient.isEmpty()) {
			delivery.system(from, "No user is called \"" + recipientName + "\".");
			return;
		}
		if (held(from)) {
			return;
		}
		ChatUser to = recipient.get();
		ChatUser sender = from.user();
		boolean online = presence.isOnline(to.identityId());
		NewMessage message = new NewMessage(sender, to, content, false, ServerMessage.now(), online);
		history.append(message, stored -> {
			delivery.toIdentity(to.identityId(), stored);
			if (to.identityId() != sender.identityId()) {
				delivery.toIdentity(sender.identityId(), stored);
			}
			if (!online) {
				delivery.system(from, to.username() + " is offline; your message will be delivered when they are back.");
			}
		}, failure -> notSaved(from));
	}

	/** Mutes and slow mode: true (and the sender told why) if this message may not go out. */
	private boolean held(Connection from) {
		Optional<String> reason = moderation.mayNotSend(from.user());
		reason.ifPresent(why -> delivery.system(from, why));
		return reason.isPresent();
	}

	private void notSaved(Connection from) {
		delivery.system(from, "Your message could not be saved, so it was not sent. Please try again.");
	}

	/** What commands may do, bound to the connection that typed them. */
	private final class Context implements CommandContext {

		private final Connection connection;

		private Context(Connection connection) {
			this.connection = connection;
		}

		@Override
		public Connection connection() {
			return connection;
		}

		@Override
		public void reply(String text) {
			delivery.system(connection, text);
		}

		@Override
		public void sendPublic(String content, boolean action) {
			ChatService.this.sendPublic(connection, content, action);
		}

		@Override
		public void sendPrivate(String recipient, String content) {
			ChatService.this.sendPrivate(connection, recipient, content);
		}

		@Override
		public boolean isModerator() {
			return moderation.isModerator(connection);
		}

		@Override
		public List<ChatCommand> commands() {
			return commands.all();
		}

	}

}
