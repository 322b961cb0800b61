package lanchat.chat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import lanchat.LanchatProperties;
import lanchat.command.ChatCommand;
import lanchat.command.CommandContext;
import lanchat.command.Commands;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.files.FileService;
import lanchat.history.MessageHistory;
import lanchat.history.NewMessage;
import lanchat.identity.ChatUser;
import lanchat.identity.IdentityService;
import lanchat.moderation.ModerationService;
import lanchat.moderation.ModeratorRights;
import lanchat.presence.PresenceTracker;
import lanchat.protocol.Attachment;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.MessageType;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import lanchat.system.ChatMetrics;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The send pipeline, the same for every transport: check, then persist, then deliver.
 * Nothing reaches anyone before it is in history, and every refusal is answered with a
 * {@code system} message.
 */
@Service
public class ChatService {

	private final MessageHistory history;

	private final Delivery delivery;

	private final IdentityService identities;

	private final PresenceTracker presence;

	private final Commands commands;

	private final ModerationService moderation;

	private final ModeratorRights rights;

	private final ChatMetrics metrics;

	private final LanchatProperties.Limits limits;

	private final FileService files;

	ChatService(MessageHistory history, Delivery delivery, IdentityService identities, PresenceTracker presence,
			Commands commands, ModerationService moderation, ModeratorRights rights, ChatMetrics metrics,
			LanchatProperties properties, FileService files) {
		this.history = history;
		this.delivery = delivery;
		this.identities = identities;
		this.presence = presence;
		this.commands = commands;
		this.moderation = moderation;
		this.rights = rights;
		this.metrics = metrics;
		this.limits = properties.limits();
		this.files = files;
	}

	/** Handles one message a client sent. */
	public void receive(Connection from, InboundChat inbound) {
		metrics.messageReceived(inbound.type() == null ? "none" : inbound.type());
		Sender sender = new Sender(from, inbound.clientId(), delivery);
		if (inbound.clientId() != null && !InboundChat.validClientId(inbound.clientId())) {
			// not echoed: a client that sends a bad id cannot match anything by it anyway
			new Sender(from, null, delivery).refuse(ErrorCode.BAD_REQUEST,
					"\"clientId\" must be 1-" + InboundChat.MAX_CLIENT_ID + " characters.");
			return;
		}
		Optional<MessageType> type = MessageType.sendable(inbound.type() == null ? "" : inbound.type());
		if (type.isEmpty()) {
			sender.refuse(ErrorCode.BAD_REQUEST, "\"type\" must be \"message\" or \"private_message\".");
			return;
		}
		String fileId = inbound.fileId();
		// with a file, the content is its caption and may be empty
		String content = checkedContent(sender, fileId == null || inbound.content() != null ? inbound.content() : "",
				fileId != null);
		if (content == null) {
			return;
		}
		if (type.get() == MessageType.PRIVATE_MESSAGE) {
			String recipient = inbound.recipient();
			if (recipient == null || recipient.isBlank()) {
				sender.refuse(ErrorCode.BAD_REQUEST, "A private_message needs a \"recipient\".");
				return;
			}
			sendPrivate(sender, recipient, content, fileId);
		}
		else if (fileId == null && isCommand(content)) {
			runCommand(sender, content);
		}
		else {
			sendPublic(sender, content, false, fileId);
		}
	}

	/**
	 * Hands a connection the private messages that waited while its identity was offline.
	 */
	public void deliverWaiting(Connection connection) {
		for (ServerMessage waiting : history.takeUndelivered(connection.user())) {
			delivery.toConnection(connection, waiting);
		}
	}

	private @Nullable String checkedContent(Sender from, @Nullable String content, boolean mayBeEmpty) {
		if (content == null || (content.isBlank() && !mayBeEmpty)) {
			from.refuse(ErrorCode.EMPTY, "The message is empty: \"content\" needs some text.");
			return null;
		}
		int length = content.codePointCount(0, content.length());
		if (length > limits.contentLength()) {
			from.refuse(ErrorCode.TOO_LONG, "The message is too long: " + length + " characters, at most "
					+ limits.contentLength() + " are allowed. Nothing was sent.");
			return null;
		}
		// PostgreSQL stores no NUL in text: refused here alike on every database, with
		// words that say why
		if (content.indexOf('\u0000') >= 0) {
			from.refuse(ErrorCode.BAD_REQUEST,
					"The message contains a NUL character (U+0000), which cannot be stored." + " Nothing was sent.");
			return null;
		}
		return content;
	}

	private static boolean isCommand(String content) {
		return content.length() > 1 && content.charAt(0) == '/' && !Character.isWhitespace(content.charAt(1));
	}

	private void runCommand(Sender from, String content) {
		String[] parts = content.substring(1).split("\\s+", 2);
		String name = parts[0];
		String arguments = parts.length > 1 ? parts[1].strip() : "";
		Optional<ChatCommand> command = commands.find(name);
		if (command.isEmpty()) {
			from.refuse(ErrorCode.UNKNOWN_COMMAND,
					"Unknown command \"/" + name + "\". Type /help for the list of commands.");
			return;
		}
		if (command.get().moderatorOnly() && !rights.isModerator(from.connection())) {
			from.refuse(ErrorCode.NOT_MODERATOR, "Only moderators can use /" + command.get().name() + ".");
			return;
		}
		try {
			command.get().execute(new Context(from), arguments);
		}
		catch (Refusal refusal) {
			from.refuse(refusal);
		}
	}

	private void sendPublic(Sender from, String content, boolean action, @Nullable String fileId) {
		if (held(from)) {
			return;
		}
		Attachment file = fileId == null ? null : claim(from, fileId);
		if (fileId != null && file == null) {
			return;
		}
		NewMessage message = new NewMessage(from.connection().user(), null, content, action, ServerMessage.now(), true,
				file);
		history.append(message, stored -> delivery.toRoom(stored.withClientId(from.clientId()), from.connection()),
				failure -> notSaved(from, file));
	}

	private void sendPrivate(Sender from, String recipientName, String content, @Nullable String fileId) {
		Optional<ChatUser> recipient = identities.holder(recipientName);
		if (recipient.isEmpty()) {
			from.refuse(ErrorCode.NO_SUCH_USER, "No user is called \"" + recipientName + "\".");
			return;
		}
		if (held(from)) {
			return;
		}
		Attachment file = fileId == null ? null : claim(from, fileId);
		if (fileId != null && file == null) {
			return;
		}
		ChatUser to = recipient.get();
		ChatUser sender = from.connection().user();
		boolean online = presence.isOnline(to.identityId());
		NewMessage message = new NewMessage(sender, to, content, false, ServerMessage.now(), online, file);
		history.append(message, stored -> {
			delivery.privately(stored.withClientId(from.clientId()), to.identityId(), sender.identityId());
			if (!online) {
				from.reply(to.username() + " is offline; your message will be delivered when they are back.");
			}
		}, failure -> notSaved(from, file));
	}

	/**
	 * Takes the upload a message refers to.
	 * @return {@code null} when the sender may not send it (and has been told why)
	 */
	private @Nullable Attachment claim(Sender from, String fileId) {
		try {
			return files.claim(from.connection().user(), fileId);
		}
		catch (Refusal refusal) {
			from.refuse(refusal);
			return null;
		}
	}

	/**
	 * Bans, mutes and slow mode: true (and the sender told why) if this message may not
	 * go out. A banned identity's connection is closed too: it should not be here.
	 */
	private boolean held(Sender from) {
		Optional<Refusal> reason = moderation.mayNotSend(from.connection().user());
		reason.ifPresent(why -> {
			if (why.code() == ErrorCode.BANNED) {
				delivery.close(from.connection(), why.code(), why.getMessage());
			}
			else {
				from.refuse(why);
			}
		});
		return reason.isPresent();
	}

	private void notSaved(Sender from, @Nullable Attachment file) {
		if (file != null) {
			files.release(file);
		}
		from.refuse(ErrorCode.NOT_SAVED, "Your message could not be saved, so it was not sent. Please try again.");
	}

	/** What commands may do, bound to the connection that typed them. */
	private final class Context implements CommandContext {

		private final Sender sender;

		private Context(Sender sender) {
			this.sender = sender;
		}

		@Override
		public Connection connection() {
			return sender.connection();
		}

		@Override
		public void reply(String text) {
			sender.reply(text);
		}

		@Override
		public void replyLater(CompletionStage<String> later) {
			sender.replyLater(later);
		}

		@Override
		public void sendPublic(String content, boolean action) {
			ChatService.this.sendPublic(sender, content, action, null);
		}

		@Override
		public void sendPrivate(String recipient, String content) {
			ChatService.this.sendPrivate(sender, recipient, content, null);
		}

		@Override
		public boolean isModerator() {
			return rights.isModerator(sender.connection());
		}

		@Override
		public List<ChatCommand> commands() {
			return commands.all();
		}

	}

}
