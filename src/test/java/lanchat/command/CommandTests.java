package lanchat.command;

import java.util.List;

import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat commands, over real STOMP.
 */
class CommandTests extends IntegrationTest {

	@Autowired
	private List<ChatCommand> commands;

	@Test
	void everyCommandHasUsageAndDescriptionAndHelpListsThoseTheUserMayUse() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			a.say("/help");
			String help = a.systemReply("Commands:").path("content").asString();
			assertThat(commands).extracting(ChatCommand::name)
				.contains("w", "me", "who", "help", "password", "op", "kick", "mute", "ban", "unban", "slow", "clear");
			for (ChatCommand command : commands) {
				assertThat(command.usage()).startsWith("/" + command.name());
				assertThat(command.description()).isNotBlank();
				if (command.moderatorOnly()) {
					assertThat(help).doesNotContain(command.usage());
				}
				else {
					assertThat(help).contains(command.usage() + " - " + command.description());
				}
			}
			assertThat(help).contains("History is kept without a time limit.");
		}
	}

	@Test
	void whisperSendsAPrivateMessage() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			a.say("/w " + bob + " psst, over here");
			JsonNode whisper = b.privateInbox().next();
			assertThat(whisper.path("type").asString()).isEqualTo("private_message");
			assertThat(whisper.path("content").asString()).isEqualTo("psst, over here");
			assertThat(whisper.path("username").asString()).isEqualTo(alice);
			a.say("/w " + bob);
			a.systemReply("Usage: /w <name> <text>");
		}
	}

	@Test
	void meBroadcastsAnAction() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			a.say("/me waves");
			JsonNode action = a.publicMessage(alice, "waves");
			assertThat(action.path("action").asBoolean()).isTrue();
			assertThat(action.path("id").asLong()).isPositive();
		}
	}

	@Test
	void whoListsEveryoneOnline() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			a.say("/who");
			String who = a.systemReply("online:").path("content").asString();
			assertThat(who).contains(alice).contains(bob);
		}
	}

}
