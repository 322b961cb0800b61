package lanchat.command;

import java.util.List;

import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.IdentityService;
import lanchat.protocol.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * {@code /password <secret>}: lets the name be claimed with a password instead of a
 * device token, e.g. from a new phone, and logs out every other device (their connections
 * are closed). A name with a password is never released.
 */
@Component
class PasswordCommand implements ChatCommand {

	private static final String LOGGED_OUT = "This device was logged out because the password was changed.";

	private final IdentityService identities;

	private final OpenConnections connections;

	private final Delivery delivery;

	PasswordCommand(IdentityService identities, OpenConnections connections, Delivery delivery) {
		this.identities = identities;
		this.connections = connections;
		this.delivery = delivery;
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
				+ " characters) to claim your name from other devices; logs out your other devices";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		if (arguments.isEmpty()) {
			throw usageError();
		}
		Connection self = context.connection();
		context.replyLater(identities.setPassword(self.user(), connections.deviceOf(self).orElse(null), arguments)
			.thenApply(revoked -> {
				for (Connection other : loggedOut(self, revoked)) {
					delivery.close(other, ErrorCode.WRONG_CREDENTIALS, LOGGED_OUT);
				}
				// also when no token was revoked: other nodes may hold token-less
				// connections that joined with the old password
				connections.elsewhere()
					.closeLoggedOut(self.user().identityId(), revoked, ErrorCode.WRONG_CREDENTIALS, LOGGED_OUT);
				String loggedOut = revoked.isEmpty() ? "" : " " + revoked.size()
						+ (revoked.size() == 1 ? " other device was" : " other devices were") + " logged out.";
				return "Password set. You can now join as " + self.user().username() + " from any device with it."
						+ loggedOut;
			}));
	}

	/** The identity's other connections here that the new password logs out. */
	private List<Connection> loggedOut(Connection self, List<Long> revoked) {
		return connections.loggedOut(self.user().identityId(), revoked)
			.stream()
			.filter(other -> !other.equals(self))
			.toList();
	}

}
