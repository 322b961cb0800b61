package lanchat.files;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import lanchat.support.ClockedIntegrationTest;
import lanchat.support.Http;
import lanchat.support.StompTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The running app with a clock the tests move, a 2 MB upload limit (so "too large" needs
 * no large bodies) and no sweeps of its own: tests run the sweep when they want it.
 */
@TestPropertySource(properties = { "lanchat.files.max-bytes=2MB", "lanchat.files.sweep=1d",
		"lanchat.files.uploads-per-minute=1000", "management.endpoints.web.exposure.include=health,backup" })
abstract class FilesIntegrationTest extends ClockedIntegrationTest {

	@Autowired
	FileSweeper sweeper;

	Http http() {
		return new Http(port);
	}

	/**
	 * Connects, subscribes as the page does, and returns the client with its HTTP ticket.
	 */
	Client client(String base) {
		String name = name(base);
		StompTestClient stomp = connect(name).listen();
		return new Client(name, stomp, stomp.sessionInfo().path("http").asString());
	}

	static byte[] png(int width, int height) {
		return image(width, height, "png");
	}

	static byte[] image(int width, int height, String format) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(Color.ORANGE);
		g.fillRect(0, 0, width, height);
		g.setColor(Color.BLUE);
		g.fillRect(0, 0, width / 2, height / 4);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, format, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static String fileMessage(String type, String fileId, String content, String recipient) {
		var node = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.createObjectNode()
			.put("type", type)
			.put("fileId", fileId);
		if (content != null) {
			node.put("content", content);
		}
		if (recipient != null) {
			node.put("recipient", recipient);
		}
		return node.toString();
	}

	/** A connected client, its name and its ticket. */
	record Client(String name, StompTestClient stomp, String ticket) implements AutoCloseable {

		void sendFile(String fileId, String caption) {
			stomp.send("/app/chat.send", fileMessage("message", fileId, caption, null));
		}

		void sendPrivateFile(String recipient, String fileId, String caption) {
			stomp.send("/app/chat.send", fileMessage("private_message", fileId, caption, recipient));
		}

		/** The next public message from {@code from} that carries a file. */
		JsonNode nextFile(String from) {
			return stomp.publicInbox()
				.next(message -> from.equals(message.path("username").asString("")) && message.has("file"));
		}

		@Override
		public void close() {
			stomp.close();
		}

	}

}
