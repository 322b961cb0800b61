package lanchat.command;

import lanchat.moderation.ModerationService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * {@code /op <secret>}: claims moderator rights for this connection with the host's secret.
 */
@Component
class OpCommand implements ChatCommand {

	private final ModerationService moderation;

	OpCommand(ModerationService moderation) {
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "op";
	}

	@Override
	public String usage() {
		return "/op <secret>";
	}

	@Override
	public String description() {
		return "claim moderator rights with the host's secret";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		if (arguments.isEmpty()) {
			throw usageError();
		}
		else if (moderation.claim(context.connection(), arguments)) {
			context.reply("You are a moderator now. Type /help to see the moderator commands.");
		}
		else {
			throw new Refusal(ErrorCode.WRONG_CREDENTIALS, "That is not the moderator secret.");
		}
	}

}
