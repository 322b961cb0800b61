package lanchat.command;

import java.util.stream.Collectors;

import lanchat.presence.PresenceTracker;
import lanchat.presence.UserStatus;
import org.springframework.stereotype.Component;

/**
 * {@code /who}: who is here now.
 */
@Component
class WhoCommand implements ChatCommand {

	private final PresenceTracker presence;

	WhoCommand(PresenceTracker presence) {
		this.presence = presence;
	}

	@Override
	public String name() {
		return "who";
	}

	@Override
	public String usage() {
		return "/who";
	}

	@Override
	public String description() {
		return "list who is online";
	}

	@Override
	public void execute(CommandContext context, String arguments) {
		var here = presence.snapshot();
		String names = here.stream()
			.map(user -> "online".equals(user.status()) ? user.username()
					: user.username() + " (" + user.status() + ")")
			.collect(Collectors.joining(", "));
		context.reply(here.size() + (here.size() == 1 ? " person" : " people") + " online: " + names);
	}

}
