package lanchat.command;

import lanchat.moderation.ModerationService;
import org.springframework.stereotype.Component;

/**
 * {@code /unban <name>}: lifts a ban.
 */
@Component
class UnbanCommand implements ModeratorCommand {

	private final ModerationService moderation;

	UnbanCommand(ModerationService moderation) {
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "unban";
	}

	@Override
	public String usage() {
		return "/unban <name>";
	}

	@Override
	public String description() {
		return "lift a ban";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		String name = singleName(arguments);
		if (!moderation.unban(context.connection(), name)) {
			context.reply(name + " is not banned.");
		}
	}

}
