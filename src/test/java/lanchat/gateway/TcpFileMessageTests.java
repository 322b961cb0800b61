package lanchat.gateway;

import lanchat.support.Http;
import lanchat.support.IntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's clients know nothing of files: they see a file message as a line with its
 * full URL.
 */
class TcpFileMessageTests extends IntegrationTest {

	@Autowired
	private TcpGateway gateway;

	@Test
	void textClientsSeeWhoSentWhatWithTheFullUrlAndTheCaption() {
		String alice = name("alice");
		String seed = name("seed");
		try (StompTestClient browser = connect(alice).listen();
				TcpTestClient text = TcpTestClient.text(gateway.port());
				TcpTestClient json = TcpTestClient.json(gateway.port())) {
			text.write(seed + "\n");
			text.nextContaining(seed + " has joined the chat!");
			json.write("{\"type\":\"username\",\"content\":\"" + name("v3") + "\"}");
			json.nextContaining("has joined the chat!");
			String ticket = browser.sessionInfo().path("http").asString();
			JsonNode uploaded = new Http(port).uploaded(ticket, "photo.jpg", "image/jpeg", new byte[2_200_000]);
			String fileId = uploaded.path("fileId").asString();
			browser.send("/app/chat.send",
					"{\"type\":\"message\",\"fileId\":\"" + fileId + "\",\"content\":\"the view\"}");

			String line = text.nextContaining("sent photo.jpg");
			assertThat(line).matches("\\[" + alice + "\\] sent photo\\.jpg \\(2\\.1 MB\\): http://[^ ]+:" + port
					+ "/files/" + fileId + "/photo\\.jpg the view");
			JsonNode object = json.nextObject("sent photo.jpg");
			assertThat(object.path("username").asString()).isEqualTo(alice);
			assertThat(object.path("content").asString()).endsWith("/files/" + fileId + "/photo.jpg the view");
		}
	}

}
