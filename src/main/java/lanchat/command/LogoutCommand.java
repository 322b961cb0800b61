package lanchat.command;

import java.util.List;

import lanchat.admission.OpenConnections;
import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.identity.IdentityService;
import lanchat.protocol.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * {@code /logout}: revokes this device's token and closes its connections; the name stays
 * held, and this device needs the password (or another device's help) to come back.
 */
@Component
class LogoutCommand implements ChatCommand {

	private static final String LOGGED_OUT = "You are logged out on this device.";

	private final IdentityService identities;

	private final OpenConnections connections;

	private final Delivery delivery;

	LogoutCommand(IdentityService identities, OpenConnections connections, Delivery delivery) {
		this.identities = identities;
		this.connections = connections;
		this.delivery = delivery;
	}

	@Override
	public String name() {
		return "logout";
	}

	@Override
	public String usage() {
		return "/logout";
	}

	@Override
	public String description() {
		return "log out this device (it forgets its token)";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		if (!arguments.isEmpty()) {
			throw usageError();
		}
		Connection self = context.connection();
		List<Connection> closing = List.of(self);
		Long device = connections.deviceOf(self).orElse(null);
		if (device != null) {
			identities.revoke(self.user(), device);
			closing = connections.usingDevices(List.of(device));
		}
		for (Connection connection : closing) {
			delivery.close(connection, ErrorCode.WRONG_CREDENTIALS, LOGGED_OUT);
		}
		if (device != null) {
			connections.elsewhere().closeDevices(List.of(device), ErrorCode.WRONG_CREDENTIALS, LOGGED_OUT);
		}
	}

}
