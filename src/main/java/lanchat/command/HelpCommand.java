package lanchat.command;

import java.util.stream.Collectors;

import lanchat.LanchatProperties;
import org.springframework.stereotype.Component;

/**
 * {@code /help}: every command's usage, built from the commands themselves so it cannot
 * fall behind. Moderator commands are listed only to moderators.
 */
@Component
class HelpCommand implements ChatCommand {

	private final LanchatProperties properties;

	HelpCommand(LanchatProperties properties) {
		this.properties = properties;
	}

	@Override
	public String name() {
		return "help";
	}

	@Override
	public String usage() {
		return "/help";
	}

	@Override
	public String description() {
		return "show this list";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		String lines = context.commands()
			.stream()
			.filter(command -> !command.moderatorOnly() || context.isModerator())
			.map(command -> command.usage() + " - " + command.description())
			.collect(Collectors.joining("\n"));
		Integer days = properties.history().daysOrNull();
		String kept = days == null ? "History is kept without a time limit." : "History is kept for " + days + " days.";
		context.reply("Commands:\n" + lines + "\n" + kept);
	}

}
