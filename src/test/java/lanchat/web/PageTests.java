package lanchat.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every browser test of the page shares: one headless Debian Chromium for the class,
 * pages that record console errors and every request, and helpers that act as a person
 * would (by label and role, never by reaching into the page's code).
 *
 * <p>
 * Each page is checked after its test: no console error, no request to anywhere but the
 * app. The page declares a strict Content-Security-Policy itself, so an inline script or
 * style would show up here as a console error.
 */
abstract class PageTests {

	/**
	 * Where the browser tests leave their screenshots: target/screenshots, so a test run
	 * never changes the work tree;
	 * {@code mvn verify -Dlanchat.screenshots=docs/screenshots} refreshes the README's.
	 */
	static final Path SCREENSHOTS = Paths.get(System.getProperty("lanchat.screenshots", "target/screenshots"));

	static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

	/** Where a cut-off page's sockets go: nothing listens there, so they fail at once. */
	private static final String NOWHERE = "ws://127.0.0.1:9/";

	/**
	 * Test instrumentation only: remembers the page's sockets so a test can cut them, and
	 * sends new ones nowhere while the page is cut off.
	 */
	private static final String CUTTABLE_SOCKETS = """
			window.openSockets = new Set();
			window.socketsCut = false;
			window.WebSocket = class extends window.WebSocket {
			  constructor(url, protocols) {
			    super(window.socketsCut ? '%s' : url, protocols);
			    window.openSockets.add(this);
			    this.addEventListener('close', () => window.openSockets.delete(this));
			  }
			};
			""".formatted(NOWHERE);

	private static final AtomicInteger NAMES = new AtomicInteger();

	static Playwright playwright;

	/**
	 * Launched on first use, so that a test class can add flags that depend on its
	 * server.
	 */
	private static Browser browser;

	private final List<BrowserContext> contexts = new ArrayList<>();

	private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

	private volatile boolean serverMayBeDown;

	@BeforeAll
	static void startPlaywright() {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
				"browser tests need Debian's chromium: apt-get install chromium");
		PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
		Map<String, String> env = new HashMap<>(System.getenv());
		env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
		playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
	}

	@AfterAll
	static void closeBrowser() {
		if (playwright != null) {
			playwright.close();
		}
		browser = null;
	}

	/** The one headless Chromium of this class. */
	Browser browser() {
		if (browser == null) {
			List<String> args = new ArrayList<>(
					List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
							"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"));
			args.addAll(moreBrowserArgs());
			browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true).setArgs(args));
		}
		return browser;
	}

	/** Flags a test class needs besides the usual ones. */
	List<String> moreBrowserArgs() {
		return List.of();
	}

	@AfterEach
	void pagesStayedCleanAndLocal() {
		contexts.forEach(BrowserContext::close);
		contexts.clear();
		assertThat(problems).as("console errors and requests leaving the app").isEmpty();
	}

	abstract String baseUrl();

	/** A name no other test in this run uses. */
	static String name(String base) {
		return base + NAMES.incrementAndGet();
	}

	Page phone(ColorScheme scheme) {
		return open(phoneOptions().setColorScheme(scheme));
	}

	/** A phone-sized touch screen. */
	static Browser.NewContextOptions phoneOptions() {
		return new Browser.NewContextOptions().setViewportSize(390, 844)
			.setDeviceScaleFactor(2)
			.setIsMobile(true)
			.setHasTouch(true);
	}

	Page phone() {
		return phone(ColorScheme.LIGHT);
	}

	Page desktop(ColorScheme scheme) {
		return open(new Browser.NewContextOptions().setViewportSize(1280, 800).setColorScheme(scheme));
	}

	Page desktop() {
		return desktop(ColorScheme.LIGHT);
	}

	/**
	 * Another tab of the same browser profile (shares localStorage, as a reload would).
	 */
	Page sameBrowser(Page page) {
		Page other = page.context().newPage();
		watch(other);
		other.navigate(baseUrl());
		return other;
	}

	Page open(Browser.NewContextOptions options) {
		if (options.locale == null) {
			options.setLocale("en-US");
		}
		BrowserContext context = browser().newContext(options);
		contexts.add(context);
		context.addInitScript(CUTTABLE_SOCKETS);
		Page page = context.newPage();
		watch(page);
		page.navigate(baseUrl());
		return page;
	}

	private void watch(Page page) {
		String origin = baseUrl().replaceAll("/$", "");
		String socket = origin.replaceFirst("^http", "ws");
		page.onConsoleMessage(message -> {
			boolean expected = message.text().contains(NOWHERE)
					|| (serverMayBeDown && message.text().contains("WebSocket"));
			if ("error".equals(message.type()) && !expected) {
				problems.add("console: " + message.text());
			}
		});
		page.onPageError(error -> problems.add("page error: " + error));
		page.onRequest(request -> {
			String url = request.url();
			if (!url.startsWith(origin + "/") && !url.startsWith(socket + "/") && !url.equals(NOWHERE)) {
				problems.add("request left the app: " + url);
			}
		});
	}

	/**
	 * Waits until a JavaScript expression (it may be async) is true in the page.
	 * Playwright's own waitForFunction would evaluate a string, which the page's
	 * Content-Security-Policy forbids.
	 */
	void waitUntil(Page page, String expression) {
		page.waitForCondition(() -> Boolean.TRUE.equals(page.evaluate(expression)));
	}

	/**
	 * Tests that stop the server on purpose expect the browser to log failed WebSocket
	 * attempts.
	 */
	void expectServerDowntime() {
		serverMayBeDown = true;
	}

	/** Cuts the page off as a lost Wi-Fi would: its socket closes and new ones fail. */
	void cutConnection(Page page) {
		page.evaluate("() => { window.socketsCut = true; window.openSockets.forEach(socket => socket.close()); }");
	}

	/** The network is back: the browser says so, as it does on a phone. */
	void restoreConnection(Page page) {
		page.evaluate("() => { window.socketsCut = false; window.dispatchEvent(new Event('online')); }");
	}

	/**
	 * As when the phone is locked or another app is in front (headless pages never get
	 * hidden by themselves).
	 */
	void setHidden(Page page, boolean hidden) {
		page.evaluate(
				"""
						hidden => {
						  Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
						  Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
						  document.dispatchEvent(new Event('visibilitychange'));
						}
						""",
				hidden);
	}

	Page join(Page page, String name) {
		page.getByLabel("Your name").fill(name);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join")).click();
		assertThat(composer(page)).isVisible();
		return page;
	}

	Locator composer(Page page) {
		return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message").setExact(true));
	}

	void send(Page page, String text) {
		composer(page).fill(text);
		composer(page).press("Enter");
	}

	/** A message on screen, found by its text (confirmed by the server: it has an id). */
	Locator message(Page page, String text) {
		return page.locator(".msg[data-id]").filter(new Locator.FilterOptions().setHasText(text));
	}

	void screenshot(Page page, String file) {
		try {
			Files.createDirectories(SCREENSHOTS);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(file)));
	}

}
