package lanchat.web;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Photos and files between two phones in a real browser: one attaches, the other sees the
 * picture inline, opens it full size, and downloads a PDF from its card.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FileBrowserTests extends PageTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
		Path data = Files.createTempDirectory("lanchat-files-page-");
		registry.add("lanchat.data-dir", data::toString);
	}

	@Override
	String baseUrl() {
		return "http://localhost:" + port + "/";
	}

	@Test
	void aPhotoShowsInlineAndOpensFullSizeAndAPdfArrivesAsACardThatDownloads() throws IOException {
		String alice = name("Alice");
		Page sender = join(phone(), alice);
		Page receiver = join(phone(), name("Bob"));
		send(sender, "Look at this:");

		sender.setInputFiles("#attach-photos", new FilePayload("harbour.png", "image/png", photo(1600, 1200)));
		Locator picture = receiver.locator(".msg[data-id] .file--image img");
		assertThat(picture).isVisible();
		assertThat(picture).hasAttribute("alt", "harbour.png");
		assertThat(picture).hasAttribute("src", java.util.regex.Pattern.compile("^/files/"));
		assertThat(sender.locator(".msg--own .file--image img")).isVisible();
		assertThat(sender.locator(".upload")).hasCount(0);

		receiver.locator(".file--image").tap();
		Locator full = receiver.locator("#viewer .viewer__image");
		assertThat(full).isVisible();
		receiver.waitForCondition(() -> (Boolean) full.evaluate("img => img.complete && img.naturalWidth === 1600"));
		receiver.getByLabel("Close").last().tap();
		assertThat(full).isHidden();

		byte[] pdf = "%PDF-1.4\n% a small report\n".getBytes(StandardCharsets.US_ASCII);
		sender.setInputFiles("#attach-file", new FilePayload("report.pdf", "application/pdf", pdf));
		Locator card = receiver.locator(".msg[data-id] .file--card");
		assertThat(card).containsText("report.pdf");
		assertThat(card).containsText("B · Download");
		Download download = receiver.waitForDownload(card::click);
		assertThat(download.suggestedFilename()).isEqualTo("report.pdf");
		assertThat(Files.readAllBytes(download.path())).isEqualTo(pdf);

		screenshot(receiver, "phone-photo.png");
	}

	@Test
	void aFileAttachedWhileWhisperingGoesOnlyToThatPerson() {
		Page sender = join(phone(), name("Dora"));
		String erin = name("Erin");
		Page recipient = join(phone(), erin);
		Page other = join(desktop(), name("Finn"));
		composer(sender).fill("/w " + erin + " ");
		sender.setInputFiles("#attach-file", new FilePayload("secret.txt", "text/plain", "just for Erin".getBytes()));
		Locator card = recipient.locator(".msg--private .file--card");
		assertThat(card).containsText("secret.txt");
		assertThat(sender.locator(".msg--private .file--card")).containsText("secret.txt");
		send(other, "anyone there?");
		assertThat(message(other, "anyone there?")).isVisible();
		assertThat(other.locator(".file--card").filter(new Locator.FilterOptions().setHasText("secret.txt")))
			.hasCount(0);
	}

	@Test
	void aFileWhoseMessageIsLostWithTheConnectionIsSentAgainOnceItIsBack() {
		Page sender = join(phone(), name("Gina"));
		Page receiver = join(phone(), name("Hugo"));
		// the socket dies just as the file's message goes out, as a phone's does when it
		// leaves the Wi-Fi
		sender.evaluate("""
				() => window.openSockets.forEach(socket => {
				  const send = socket.send.bind(socket);
				  socket.send = data => String(data).includes('"fileId"') ? socket.close() : send(data);
				})
				""");
		sender.setInputFiles("#attach-file", new FilePayload("minutes.txt", "text/plain", "the minutes".getBytes()));
		Locator card = receiver.locator(".msg[data-id] .file--card")
			.filter(new Locator.FilterOptions().setHasText("minutes.txt"));
		assertThat(card).hasCount(1);
		assertThat(sender.locator(".msg--own .file--card")).containsText("minutes.txt");
		assertThat(sender.locator(".pending")).hasCount(0);
	}

	@Test
	void aFileTooLargeIsRefusedBeforeItIsSentSayingWhy(@org.junit.jupiter.api.io.TempDir Path folder)
			throws IOException {
		Page sender = join(phone(), name("Carol"));
		Path huge = folder.resolve("huge.bin");
		try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
			file.setLength(50L * 1024 * 1024 + 1);
		}
		sender.setInputFiles("#attach-file", huge);
		assertThat(sender.locator(".upload--failed .upload__status")).hasText("Too large: at most 50 MB.");
		sender.locator(".upload__cancel").tap();
		assertThat(sender.locator(".upload")).hasCount(0);
	}

	private static byte[] photo(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setPaint(new GradientPaint(0, 0, new Color(0x1c4e80), 0, height, new Color(0xf2a65a)));
		g.fillRect(0, 0, width, height);
		g.setColor(new Color(0x0b2239));
		g.fillRect(0, height * 2 / 3, width, height / 3);
		g.setColor(new Color(0xfff1c1));
		g.fillOval(width / 2 - 120, height / 2 - 120, 240, 240);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

}
