package lanchat.gateway;

import java.time.Duration;

import lanchat.support.ClockedIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seed client may claim a name with its password; it never gets a device token (it
 * could not show one), so the password it proved is all that lets it stay.
 */
class TcpPasswordTests extends ClockedIntegrationTest {

	private static final String PASSWORD = "correct horse battery";

	@Autowired
	private TcpGateway gateway;

	@Test
	void changingThePasswordClosesTcpConnectionsThatJoinedWithTheOldOne() {
		String name = name("hana");
		try (StompTestClient phone = connect(name).listen()) {
			phone.say("/password " + PASSWORD);
			phone.systemReply("Password set");
			try (TcpTestClient seed = TcpTestClient.json(gateway.port())) {
				seed.write("{\"type\":\"username\",\"content\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
				seed.write("{\"type\":\"message\",\"content\":\"the seed is in\"}");
				phone.publicMessage(name, "the seed is in");

				clock.advance(Duration.ofSeconds(3));
				phone.say("/password another long secret");
				phone.systemReply("Password set");
				assertThat(seed.nextContaining("password was changed")).contains("logged out");
				seed.awaitClosedByServer();
				assertThat(phone.isConnected()).as("the device that changed it stays").isTrue();
			}
		}
	}

}
