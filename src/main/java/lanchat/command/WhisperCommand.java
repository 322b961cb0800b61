package lanchat.command;

import org.springframework.stereotype.Component;

/**
 * {@code /w <name> <text>}: the seed's private message.
 */
@Component
class WhisperCommand implements ChatCommand {

	@Override
	public String name() {
		return "w";
	}

	@Override
	public String usage() {
		return "/w <name> <text>";
	}

	@Override
	public String description() {
		return "send a private message";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		String[] parts = arguments.split("\\s+", 2);
		if (parts.length < 2 || parts[0].isEmpty() || parts[1].isBlank()) {
			throw usageError();
		}
		context.sendPrivate(parts[0], parts[1].strip());
	}

}
