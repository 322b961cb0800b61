package lanchat.command;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The table of chat commands, by name.
 */
@Component
public class Commands {

	private final List<ChatCommand> all;

	private final Map<String, ChatCommand> byName;

	Commands(List<ChatCommand> commands) {
		this.all = commands.stream().sorted(Comparator.comparing(ChatCommand::name)).toList();
		this.byName = all.stream().collect(Collectors.toUnmodifiableMap(ChatCommand::name, Function.identity()));
	}

	public Optional<ChatCommand> find(String name) {
		return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
	}

	public List<ChatCommand> all() {
		return all;
	}

}
