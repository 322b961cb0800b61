package lanchat.command;

/**
 * A command only moderators may use and see in {@code /help}.
 */
interface ModeratorCommand extends ChatCommand {

	@Override
	default boolean moderatorOnly() {
		return true;
	}

	/**
	 * The one name a command such as {@code /kick <name>} takes; refused with the usage
	 * unless there is exactly one.
	 */
	default String singleName(String arguments) {
		if (arguments.isEmpty() || arguments.contains(" ")) {
			throw usageError();
		}
		return arguments;
	}

}
