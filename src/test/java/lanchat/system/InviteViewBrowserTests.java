package lanchat.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import lanchat.LanchatApplication;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's invite view in a real browser: the menu opens it, it lists the same URLs the
 * server printed, and its QR code is an image the page loaded from the server (which the
 * page's own content security policy allows). Runs where Debian's chromium is installed,
 * as the page's other browser tests.
 */
class InviteViewBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	@Test
	void theMenuOpensTheInviteWithTheServersUrlsAndQrCode(@TempDir Path data) throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "browser tests need Debian's chromium");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LanchatApplication.class)
			.run("--server.port=0", "--lanchat.data-dir=" + data, "--lanchat.tcp.port=0", "--spring.jmx.enabled=false");
				Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(environment()))) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			List<String> urls = app.getBean(ServerUrls.class).urls();
			Browser browser = launch(playwright);
			Page page = browser.newContext(phone()).newPage();
			List<String> problems = consoleErrors(page);
			Locator dialog = openInvite(page, port);
			assertThat(dialog).isVisible();
			Locator listed = dialog.locator(".invite__url");
			assertThat(listed).hasText(urls.toArray(String[]::new));
			Locator qr = dialog.getByRole(AriaRole.IMG,
					new Locator.GetByRoleOptions().setName("QR code for " + urls.get(0)));
			assertThat(qr).isVisible();
			page.waitForFunction("img => img.complete && img.naturalWidth > 0", qr.elementHandle());
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "invite-phone.png")));

			if (urls.size() > 1) {
				listed.nth(1).click();
				assertThat(dialog.locator(".invite__qr")).hasAttribute("alt", "QR code for " + urls.get(1));
			}
			// no CA to offer without lanchat.tls.local-ca
			assertThat(dialog.locator(".invite__ca")).hasCount(0);
			dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();
			assertThat(dialog).isHidden();
			assertThat(problems).as("console errors").isEmpty();
		}
	}

	@Test
	void withALocalCaTheInviteOffersItAndTheStepsForEachPlatform(@TempDir Path data) throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "browser tests need Debian's chromium");
		try (ConfigurableApplicationContext app = TestApps.start(data, "--lanchat.tls.local-ca=true");
				Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(environment()))) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			LocalCa ca = app.getBean(HttpsConnector.class).ca();
			Browser browser = launch(playwright);
			Page page = browser
				.newContext(phone().setAcceptDownloads(true)
					.setUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
							+ "Chrome/131.0.0.0 Mobile Safari/537.36"))
				.newPage();
			List<String> problems = consoleErrors(page);
			Locator dialog = openInvite(page, port);
			Locator offer = dialog.getByRole(AriaRole.REGION,
					new Locator.GetByRoleOptions().setName("HTTPS without warnings"));
			assertThat(offer).isVisible();
			assertThat(offer.locator(".invite__ca-fingerprint")).containsText(ca.fingerprint());
			Locator platforms = offer.locator(".invite__steps summary");
			assertThat(platforms).hasText(new String[] { "Android", "iPhone and iPad", "Windows", "macOS", "Linux" });
			assertThat(offer.locator(".invite__steps[data-platform=android]")).hasAttribute("open", "");
			assertThat(offer.locator(".invite__steps[data-platform=android] li")).hasCount(4);
			assertThat(offer.locator(".invite__steps[data-platform=ios] li").first()).isHidden();
			offer.getByText("iPhone and iPad").click();
			assertThat(offer.locator(".invite__steps[data-platform=ios] li").nth(2))
				.containsText("Certificate Trust Settings");

			Download download = page.waitForDownload(() -> offer
				.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Download the certificate"))
				.click());
			assertThat(download.suggestedFilename()).isEqualTo("lanchat-ca.crt");
			assertThat(Files.readString(download.path())).isEqualTo(ca.pem());
			page.screenshot(
					new Page.ScreenshotOptions().setPath(Path.of("target", "invite-ca-phone.png")).setFullPage(true));
			assertThat(problems).as("console errors").isEmpty();
		}
	}

	/** A phone-sized touch screen. */
	private static Browser.NewContextOptions phone() {
		return new Browser.NewContextOptions().setViewportSize(390, 844)
			.setDeviceScaleFactor(2)
			.setIsMobile(true)
			.setHasTouch(true);
	}

	private static List<String> consoleErrors(Page page) {
		List<String> problems = new ArrayList<>();
		page.onConsoleMessage(message -> {
			if ("error".equals(message.type())) {
				problems.add(message.text());
			}
		});
		return problems;
	}

	/** Joins as "host" and opens the invite from the menu; the dialog. */
	private static Locator openInvite(Page page, int port) {
		page.navigate("http://localhost:" + port + "/");
		page.getByLabel("Your name").fill("host");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join")).click();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Invite people")).click();
		return page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Invite people"));
	}

	private static Browser launch(Playwright playwright) {
		return playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
	}

	private static Map<String, String> environment() {
		Map<String, String> env = new HashMap<>(System.getenv());
		env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
		return env;
	}

}
