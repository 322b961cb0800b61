package lanchat.command;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Objects;

import lanchat.admission.OpenConnections;
import lanchat.identity.Device;
import lanchat.identity.IdentityService;
import org.springframework.stereotype.Component;

/**
 * {@code /devices}: the devices that hold a token for this name, when each got it and
 * last used it. Never the tokens themselves.
 */
@Component
class DevicesCommand implements ChatCommand {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final IdentityService identities;

	private final OpenConnections connections;

	DevicesCommand(IdentityService identities, OpenConnections connections) {
		this.identities = identities;
		this.connections = connections;
	}

	@Override
	public String name() {
		return "devices";
	}

	@Override
	public String usage() {
		return "/devices";
	}

	@Override
	public String description() {
		return "list the devices logged in with your name";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		List<Device> devices = identities.devices(context.connection().user());
		if (devices.isEmpty()) {
			context.reply("No device holds a token for your name; you join with the password.");
			return;
		}
		Long mine = connections.deviceOf(context.connection()).orElse(null);
		StringBuilder list = new StringBuilder("Your devices:");
		for (Device device : devices) {
			list.append("\n- ").append(device.label());
			if (Objects.equals(mine, device.id())) {
				list.append(" (this device)");
			}
			list.append(": since ")
				.append(when(device.createdAt()))
				.append(", last used ")
				.append(when(device.lastUsedAt()));
		}
		context.reply(list.append("\nType /logout on a device to log it out, or /password to log out all others.")
			.toString());
	}

	private static String when(TemporalAccessor instant) {
		return WHEN.format(instant);
	}

}
