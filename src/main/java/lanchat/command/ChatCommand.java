package lanchat.command;

/**
 * One chat command, such as {@code /w} or {@code /me}. Each lives in its own class with its own usage
 * text; {@code /help} is built from them.
 */
public interface ChatCommand {

	/** The word after the slash, lower case. */
	String name();

	/** How to call it, e.g. {@code /w <name> <text>}. */
	String usage();

	/** What it does, in a few words. */
	String description();

	/** Runs the command; {@code arguments} is everything after the name, trimmed. */
	void execute(CommandContext context, String arguments);

}
