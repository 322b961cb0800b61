package lanchat.command;

import lanchat.moderation.ModerationService;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * {@code /clear <message id>}: removes a message from history.
 */
@Component
class ClearCommand implements ModeratorCommand {

	private final ModerationService moderation;

	ClearCommand(ModerationService moderation) {
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "clear";
	}

	@Override
	public String usage() {
		return "/clear <message id>";
	}

	@Override
	public String description() {
		return "remove a message from history";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		long id;
		try {
			id = Long.parseLong(arguments);
		}
		catch (NumberFormatException ex) {
			throw usageError();
		}
		if (!moderation.clear(context.connection(), id)) {
			throw new Refusal(ErrorCode.BAD_REQUEST, "There is no message " + id + ".");
		}
	}

}
