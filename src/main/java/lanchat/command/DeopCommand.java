package lanchat.command;

import lanchat.identity.ChatUser;
import lanchat.moderation.ModerationService;
import lanchat.moderation.ModeratorRights;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * {@code /deop [name]}: gives up one's own moderator rights, or takes them from another
 * moderator.
 */
@Component
class DeopCommand implements ModeratorCommand {

	private final ModeratorRights rights;

	private final ModerationService moderation;

	DeopCommand(ModeratorRights rights, ModerationService moderation) {
		this.rights = rights;
		this.moderation = moderation;
	}

	@Override
	public String name() {
		return "deop";
	}

	@Override
	public String usage() {
		return "/deop [name]";
	}

	@Override
	public String description() {
		return "give up your moderator rights, or take them from another moderator";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		ChatUser self = context.connection().user();
		ChatUser target = arguments.isEmpty() ? self : moderation.holder(singleName(arguments));
		if (!rights.drop(target)) {
			throw new Refusal(ErrorCode.BAD_REQUEST, target.username() + " is not a moderator.");
		}
		context.reply(target.identityId() == self.identityId() ? "You are no longer a moderator."
				: target.username() + " is no longer a moderator.");
	}

}
