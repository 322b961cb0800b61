package lanchat.command;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;

/**
 * One chat command, such as {@code /w} or {@code /me}. Each lives in its own class with
 * its own usage text; {@code /help} is built from them.
 */
public interface ChatCommand {

	/** The word after the slash, lower case. */
	String name();

	/** How to call it, e.g. {@code /w <name> <text>}. */
	String usage();

	/** What it does, in a few words. */
	String description();

	/** Whether only moderators may use it (and see it in {@code /help}). */
	default boolean moderatorOnly() {
		return false;
	}

	/**
	 * Runs the command; {@code arguments} is everything after the name, trimmed. A
	 * {@link lanchat.protocol.Refusal} it throws is shown to the user as the reply.
	 */
	void execute(CommandContext context, String arguments);

	/**
	 * The refusal of arguments that do not fit {@link #usage()}, with an optional hint
	 * after it.
	 */
	default Refusal usageError(String... hint) {
		return new Refusal(ErrorCode.BAD_REQUEST, "Usage: " + usage() + String.join("", hint));
	}

}
