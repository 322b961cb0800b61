package lanchat.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell's version and ETags follow content alone: two builds whose files carry the
 * same date (as reproducible jars do) but differ in one byte get different ETags and a
 * different version, so browsers and the service worker both see the upgrade.
 */
class AppShellTests {

	@Test
	void aChangeInContentChangesTheEtagAndTheVersionWhateverTheDate(@TempDir Path page) throws IOException {
		Path module = write(page, "scripts/app.js", "console.log('one');");
		write(page, "index.html", "<!doctype html>");
		write(page, ".hidden", "not part of the page");
		AppShell before = shell(page);
		String etag = before.etag(new FileSystemResource(module));
		AppShell.Shell shell = before.shell();

		write(page, "scripts/app.js", "console.log('two');");
		AppShell after = shell(page);
		assertThat(after.etag(new FileSystemResource(module))).isNotEqualTo(etag).hasSize(32);
		assertThat(after.shell().version()).isNotEqualTo(shell.version());
		assertThat(after.shell().urls()).isEqualTo(shell.urls());
		assertThat(shell.urls()).startsWith("/").contains("/index.html", "/scripts/app.js").doesNotContain("/.hidden");
	}

	@Test
	void theWorkerIsNotPartOfWhatItKeeps(@TempDir Path page) throws IOException {
		write(page, "index.html", "<!doctype html>");
		write(page, AppShell.WORKER, "self.addEventListener('fetch', () => {});");
		AppShell shell = shell(page);
		assertThat(shell.shell().urls()).doesNotContain("/" + AppShell.WORKER);
		assertThat(shell.worker().getFilename()).isEqualTo(AppShell.WORKER);
	}

	private static AppShell shell(Path page) {
		WebProperties web = new WebProperties();
		web.getResources().setStaticLocations(new String[] { "classpath:/nowhere/", page.toUri().toString() });
		return new AppShell(new PathMatchingResourcePatternResolver(), web);
	}

	/** Every file gets the same date, as in a jar built reproducibly. */
	private static Path write(Path page, String name, String content) throws IOException {
		Path file = page.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		Files.setLastModifiedTime(file, FileTime.fromMillis(315_532_800_000L));
		return file;
	}

}
