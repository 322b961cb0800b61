package lanchat.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone keeps the page open across a server upgrade. While the server is away, opening
 * the page shows the chat from the service worker's copy ("Reconnecting…", not the
 * browser's error page); once the upgraded server is back, the page runs the new modules,
 * all of them, and the copy kept for next time is the new one. The page's files are
 * served from a folder here, so that the "upgrade" can change them.
 */
class PageUpgradeTests extends OwnServerPageTests {

	private static Path files;

	/**
	 * The page's files as packaged, in a folder of their own that the "upgrade" changes.
	 */
	@BeforeAll
	static void copyThePagesFiles() throws IOException {
		files = Files.createTempDirectory("lanchat-upgrade-page-");
		Path packaged = new ClassPathResource("static/index.html").getFile().toPath().getParent();
		try (Stream<Path> all = Files.walk(packaged)) {
			for (Path file : all.filter(Files::isRegularFile).toList()) {
				Path copy = files.resolve(packaged.relativize(file).toString());
				Files.createDirectories(copy.getParent());
				Files.copy(file, copy);
			}
		}
	}

	private void startServer() {
		startServer("--spring.web.resources.static-locations=file:" + files + "/");
	}

	@Test
	void whileTheServerIsAwayThePageOpensFromTheWorkersCopyAndAfterAnUpgradeItRunsOnlyTheNewFiles() {
		startServer();
		Page phone = join(phone(), name("Alice"));
		// the room is new and empty: what arrives while the phone is in a pocket counts
		// from the first visit
		setHidden(phone, true);
		send(join(desktop(), name("Bob")), "anyone here?");
		assertThat(phone).hasTitle("(1) lanchat");
		setHidden(phone, false);
		waitUntil(phone, "() => navigator.serviceWorker.controller !== null");
		String firstCopy = (String) phone.evaluate("async () => (await caches.keys()).join()");
		assertThat(firstCopy).startsWith("shell-").doesNotContain(",");

		expectServerDowntime();
		stopServerNow();
		phone.reload();
		assertThat(composer(phone)).isVisible();
		assertThat(phone.getByRole(AriaRole.STATUS)).containsText("Reconnecting");
		send(phone, "typed while the server was away");
		assertThat(phone.locator(".pending")).containsText("typed while the server was away");

		// the upgrade changes two of the page's modules
		change("scripts/i18n/en.js", "appName: 'lanchat',", "appName: 'lanchat next',");
		change("scripts/app.js", "translatePage();",
				"translatePage();\ndocument.documentElement.dataset.build = 'next';");
		startServer();
		phone.reload();
		assertThat(phone.locator("html")).hasAttribute("data-build", "next");
		assertThat(phone.locator(".topbar__title")).hasText("lanchat next");
		assertThat(message(phone, "typed while the server was away")).hasCount(1);
		// the new worker has taken over with the new files, and the old copy is gone
		waitUntil(phone, "async () => { const names = await caches.keys(); return names.length === 1 && names[0] !== '"
				+ firstCopy + "'; }");

		// so the next time the server is away, the stored page is the new one too
		stopServerNow();
		phone.reload();
		assertThat(phone.locator("html")).hasAttribute("data-build", "next");
		assertThat(phone.locator(".topbar__title")).hasText("lanchat next");
		assertThat(phone.getByRole(AriaRole.STATUS)).containsText("Reconnecting");
	}

	private static void change(String file, String from, String to) {
		try {
			Path path = files.resolve(file);
			String before = Files.readString(path);
			assertThat(before).as(file).contains(from);
			Files.writeString(path, before.replace(from, to));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
