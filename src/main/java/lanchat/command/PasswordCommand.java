package lanchat.command;

import lanchat.identity.IdentityService;
import org.springframework.stereotype.Component;

/**
 * {@code /password <secret>}: lets the name be claimed with a password instead of the device's token,
 * e.g. from a new phone. A name with a password is never released.
 */
@Component
class PasswordCommand implements ChatCommand {

	private final IdentityService identities;

	PasswordCommand(IdentityService identities) {
		this.identities = identities;
	}

	@Override
	public String name() {
		return "password";
	}

	@Override
	public String usage() {
		return "/password <secret>";
	}

	@Override
	public String description() {
		return "set a password (" + IdentityService.MIN_PASSWORD + "-" + IdentityService.MAX_PASSWORD
				+ " characters) to claim your name from other devices";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		if (arguments.isEmpty()) {
			throw usageError();
		}
		identities.setPassword(context.connection().user(), arguments);
		context.reply("Password set. You can now join as " + context.connection().user().username()
				+ " from any device with it.");
	}

}
