package lanchat.command;

/**
 * A command only moderators may use and see in {@code /help}.
 */
interface ModeratorCommand extends ChatCommand {

	@Override
	default boolean moderatorOnly() {
		return true;
	}

}
