package lanchat.web;

import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The server goes away in the middle of a conversation and comes back on the same port
 * with the same data: the pages reconnect by themselves, send what was typed meanwhile,
 * and show every message exactly once.
 */
class PageRestartTests extends OwnServerPageTests {

	/**
	 * The page backs off between attempts (up to several seconds by then), so allow for a
	 * slow start.
	 */
	private static final LocatorAssertions.HasCountOptions AFTER_RESTART = new LocatorAssertions.HasCountOptions()
		.setTimeout(30_000);

	private static final String ACCESS_CODE = "open sesame";

	private void startServer() {
		startServer("--lanchat.access-code=" + ACCESS_CODE);
	}

	/** The access-code field appears only once the server asks for a code. */
	private Page joinWithCode(Page page, String name) {
		assertThat(page.getByLabel("Access code")).isHidden();
		page.getByLabel("Your name").fill(name);
		page.getByLabel("Your name").press("Enter");
		assertThat(page.getByRole(AriaRole.ALERT)).hasText("wrong access code");
		assertThat(page.getByLabel("Access code")).isFocused();
		page.getByLabel("Access code").fill(ACCESS_CODE);
		page.getByLabel("Access code").press("Enter");
		assertThat(composer(page)).isVisible();
		return page;
	}

	@Test
	void nothingIsLostOrDuplicatedAcrossARestart() {
		startServer();
		String alice = name("Alice");
		Page phone = joinWithCode(phone(), alice);
		Page desk = joinWithCode(desktop(), name("Bob"));
		send(phone, "said before the restart");
		assertThat(message(desk, "said before the restart")).isVisible();

		expectServerDowntime();
		stopServerNow();
		assertThat(phone.getByRole(AriaRole.STATUS)).containsText("Reconnecting");
		send(phone, "typed while the server was away");
		assertThat(phone.locator(".pending")).containsText("typed while the server was away");

		startServer();
		assertThat(message(desk, "typed while the server was away")).hasCount(1, AFTER_RESTART);
		assertThat(message(phone, "typed while the server was away")).hasCount(1, AFTER_RESTART);
		assertThat(phone.locator(".pending")).hasCount(0);
		assertThat(message(desk, "said before the restart")).hasCount(1);
		assertThat(message(phone, "said before the restart")).hasCount(1);

		send(desk, "and after it");
		assertThat(message(phone, "and after it")).hasCount(1);

		// the identity outlived the restart too
		phone.reload();
		assertThat(message(phone, "and after it")).hasCount(1);
		assertThat(message(phone, "said before the restart")).hasClass(Pattern.compile("msg--own"));
	}

}
