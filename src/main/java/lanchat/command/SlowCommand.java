package lanchat.command;

import java.time.Duration;

import lanchat.moderation.ModerationService;
import org.springframework.stereotype.Component;

/**
 * {@code /slow <seconds>}: a room-wide minimum gap between one person's messages; 0 turns
 * it off.
 */
@Component
class SlowCommand implements ModeratorCommand {

	private final ModerationService moderation;

	SlowCommand(ModerationService moderation) {
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "slow";
	}

	@Override
	public String usage() {
		return "/slow <seconds>";
	}

	@Override
	public String description() {
		return "let each person send one message every so many seconds (0 turns it off)";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		int seconds;
		try {
			seconds = Integer.parseInt(arguments);
		}
		catch (NumberFormatException ex) {
			seconds = -1;
		}
		if (seconds < 0 || seconds > 3600) {
			throw usageError(" (0 to 3600)");
		}
		moderation.slowMode(context.connection(), Duration.ofSeconds(seconds));
	}

}
