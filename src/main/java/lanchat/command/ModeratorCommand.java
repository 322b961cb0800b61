package lanchat.command;

import org.jspecify.annotations.Nullable;

/**
 * A command only moderators may use and see in {@code /help}.
 */
interface ModeratorCommand extends ChatCommand {

	@Override
	default boolean moderatorOnly() {
		return true;
	}

	/**
	 * The one name a command such as {@code /kick <name>} takes, or {@code null} after replying with the
	 * usage when there is not exactly one.
	 */
	default @Nullable String singleName(CommandContext context, String arguments) {
		if (arguments.isEmpty() || arguments.contains(" ")) {
			context.reply("Usage: " + usage());
			return null;
		}
		return arguments;
	}

}
