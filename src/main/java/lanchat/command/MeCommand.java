package lanchat.command;

import org.springframework.stereotype.Component;

/**
 * {@code /me <text>}: an action, shown as "Alice waves".
 */
@Component
class MeCommand implements ChatCommand {

	@Override
	public String name() {
		return "me";
	}

	@Override
	public String usage() {
		return "/me <text>";
	}

	@Override
	public String description() {
		return "describe what you are doing";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		if (arguments.isBlank()) {
			throw usageError();
		}
		context.sendPublic(arguments, true);
	}

}
