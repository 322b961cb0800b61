package lanchat.command;

import lanchat.moderation.ModerationService;
import org.springframework.stereotype.Component;

/**
 * {@code /kick <name>}: disconnects every device of someone; they may come back.
 */
@Component
class KickCommand implements ModeratorCommand {

	private final ModerationService moderation;

	KickCommand(ModerationService moderation) {
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "kick";
	}

	@Override
	public String usage() {
		return "/kick <name>";
	}

	@Override
	public String description() {
		return "disconnect someone (they can come back)";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		moderation.kick(context.connection(), singleName(arguments));
	}

}
