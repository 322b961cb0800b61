package lanchat.command;

import lanchat.moderation.ModerationService;
import org.springframework.stereotype.Component;

/**
 * {@code /ban <name>}: bans someone's identity and the addresses they are connected from,
 * until {@code /unban}; survives restarts.
 */
@Component
class BanCommand implements ModeratorCommand {

	private final ModerationService moderation;

	BanCommand(ModerationService moderation) {
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "ban";
	}

	@Override
	public String usage() {
		return "/ban <name>";
	}

	@Override
	public String description() {
		return "ban someone and their address until /unban";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		moderation.ban(context.connection(), singleName(arguments));
	}

}
