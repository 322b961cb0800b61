package lanchat.command;

import java.time.Duration;

import lanchat.moderation.ModerationService;
import org.springframework.stereotype.Component;

/**
 * {@code /mute <name> <minutes>}: keeps someone from sending for a while.
 */
@Component
class MuteCommand implements ModeratorCommand {

	private final ModerationService moderation;

	MuteCommand(ModerationService moderation) {
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "mute";
	}

	@Override
	public String usage() {
		return "/mute <name> <minutes>";
	}

	@Override
	public String description() {
		return "stop someone sending for a number of minutes";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		String[] parts = arguments.split("\\s+");
		double minutes;
		try {
			minutes = parts.length == 2 ? Double.parseDouble(parts[1]) : -1;
		}
		catch (NumberFormatException ex) {
			minutes = -1;
		}
		if (!(minutes > 0 && minutes <= 7 * 24 * 60)) {
			throw usageError(" (minutes from 0.1 to 10080)");
		}
		moderation.mute(context.connection(), parts[0], Duration.ofMillis((long) (minutes * 60_000)));
	}

}
