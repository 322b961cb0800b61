package lanchat.command;

import lanchat.moderation.ModeratorRights;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * {@code /op <secret>}: claims moderator rights for this identity, on all its devices,
 * with the host's secret.
 */
@Component
class OpCommand implements ChatCommand {

	private final ModeratorRights rights;

	OpCommand(ModeratorRights rights) {
		this.rights = rights;
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
		context.replyLater(rights.claim(context.connection(), arguments).thenApply(right -> {
			if (!right) {
				throw new Refusal(ErrorCode.WRONG_CREDENTIALS, "That is not the moderator secret.");
			}
			return "You are a moderator now, on all your devices, until /deop. Type /help to see the moderator commands.";
		}));
	}

}
