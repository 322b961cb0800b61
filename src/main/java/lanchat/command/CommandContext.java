package lanchat.command;

import java.util.List;
import java.util.concurrent.CompletionStage;

import lanchat.delivery.Connection;

/**
 * What a command may do on behalf of the connection that typed it.
 */
public interface CommandContext {

	Connection connection();

	/** Replies to the typing connection alone, as a {@code system} message. */
	void reply(String text);

	/**
	 * Replies once work that takes a while (a slow password hash) is done: with the text
	 * it completes with, or with the {@link lanchat.protocol.Refusal} it fails with.
	 */
	void replyLater(CompletionStage<String> reply);

	/**
	 * Sends a public message from the typing user, through the same checks and history as
	 * any other.
	 */
	void sendPublic(String content, boolean action);

	/** Sends a private message from the typing user. */
	void sendPrivate(String recipient, String content);

	/** Whether the typing identity has moderator rights. */
	boolean isModerator();

	/** Every command, for {@code /help}. */
	List<ChatCommand> commands();

}
