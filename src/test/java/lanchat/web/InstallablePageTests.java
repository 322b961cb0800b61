package lanchat.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import lanchat.support.StompTestClient;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page as an installed app on a phone, over HTTPS with the server's own certificate:
 * it can be installed, its service worker keeps only the page's files, a private message
 * to a page in the background raises a notification, a moderator acts from the people
 * list, and people can take their history with them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lanchat.tls.self-signed=true", "lanchat.tls.port=0",
				"lanchat.admin-secret=" + InstallablePageTests.SECRET, "lanchat.history.retention-days=30",
				"lanchat.allowed-hosts=" + InstallablePageTests.PLAIN_HOST })
class InstallablePageTests extends AppPageTests {

	static final String SECRET = "moderate-me-please";

	/**
	 * A name for this machine that is not localhost, so a page opened at it over plain
	 * http is not secure.
	 */
	static final String PLAIN_HOST = "lanchat.test";

	@Autowired
	WebServerApplicationContext context;

	/**
	 * The browser trusts the certificate the server presents, as a phone does once it
	 * trusts the server (merely ignoring certificate errors would not do: Chrome then
	 * refuses service workers).
	 */
	@Override
	List<String> moreBrowserArgs() {
		return List.of(trust(), "--host-resolver-rules=MAP " + PLAIN_HOST + " 127.0.0.1");
	}

	private String trust() {
		try {
			return "--ignore-certificate-errors-spki-list=" + publicKeyHash(httpsPort());
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read the server's certificate", ex);
		}
	}

	/**
	 * Base64 of the SHA-256 of the server certificate's public key (SPKI), as Chrome's
	 * flag wants it.
	 */
	private static String publicKeyHash(int port) throws Exception {
		SSLContext anyCertificate = SSLContext.getInstance("TLS");
		anyCertificate.init(null, new TrustManager[] { new X509TrustManager() {
			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		} }, null);
		try (SSLSocket socket = (SSLSocket) anyCertificate.getSocketFactory().createSocket("localhost", port)) {
			socket.startHandshake();
			byte[] spki = socket.getSession().getPeerCertificates()[0].getPublicKey().getEncoded();
			return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
		}
	}

	@Override
	String baseUrl() {
		return "https://localhost:" + httpsPort() + "/";
	}

	private int httpsPort() {
		for (Connector connector : ((TomcatWebServer) context.getWebServer()).getTomcat()
			.getService()
			.findConnectors()) {
			if (connector.getSecure()) {
				return connector.getLocalPort();
			}
		}
		throw new IllegalStateException("no HTTPS connector");
	}

	@Test
	void theManifestValidatesAndTheServiceWorkerRegistersOverHttps() throws IOException {
		Page page = phone();
		assertThat(page.getByLabel("Your name")).isVisible();
		waitUntil(page, "() => navigator.serviceWorker.controller !== null");
		assertThat(page.evaluate("async () => (await navigator.serviceWorker.ready).scope")).isEqualTo(baseUrl());

		CDPSession devtools = page.context().newCDPSession(page);
		JsonObject manifest = devtools.send("Page.getAppManifest");
		assertThat(manifest.get("url").getAsString()).isEqualTo(baseUrl() + "manifest.webmanifest");
		assertThat(manifest.getAsJsonArray("errors")).as("the browser's manifest errors").isEmpty();
		JsonObject parsed = JsonParser.parseString(manifest.get("data").getAsString()).getAsJsonObject();
		assertThat(parsed.get("name").getAsString()).isEqualTo("lanchat");
		assertThat(parsed.get("start_url").getAsString()).isEqualTo("/");
		assertThat(parsed.get("display").getAsString()).isEqualTo("standalone");
		assertThat(parsed.get("theme_color").getAsString()).startsWith("#");
		List<String> sizes = new ArrayList<>();
		for (JsonElement icon : parsed.getAsJsonArray("icons")) {
			String src = icon.getAsJsonObject().get("src").getAsString();
			if (!src.endsWith(".png")) {
				continue;
			}
			@SuppressWarnings("unchecked")
			Map<String, String> png = (Map<String, String>) page.evaluate(
					"""
							async (src) => {
							  const response = await fetch(src);
							  const bytes = new Uint8Array(await response.arrayBuffer());
							  return { type: response.headers.get('content-type'), base64: btoa(String.fromCharCode(...bytes)) };
							}
							""",
					src);
			assertThat(png.get("type")).isEqualTo("image/png");
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.get("base64"))));
			String declared = icon.getAsJsonObject().get("sizes").getAsString();
			assertThat(image.getWidth() + "x" + image.getHeight()).as(src).isEqualTo(declared);
			sizes.add(declared + " " + icon.getAsJsonObject().get("purpose").getAsString());
		}
		assertThat(sizes).contains("192x192 any", "512x512 any", "512x512 maskable");

		assertThat(installabilityErrors()).as("what Chrome checks before it offers to install the app").isEmpty();
	}

	/**
	 * Chrome never offers to install from a private window, which every fresh Playwright
	 * context is.
	 */
	private JsonArray installabilityErrors() throws IOException {
		Path profile = Files.createTempDirectory("lanchat-profile-");
		try (BrowserContext installed = playwright.chromium()
			.launchPersistentContext(profile,
					new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM)
						.setHeadless(true)
						.setArgs(List.of("--no-sandbox", "--disable-gpu", trust())))) {
			Page page = installed.pages().get(0);
			page.navigate(baseUrl());
			waitUntil(page, "() => navigator.serviceWorker.controller !== null");
			return installed.newCDPSession(page)
				.send("Page.getInstallabilityErrors")
				.getAsJsonArray("installabilityErrors");
		}
	}

	@Test
	void theServiceWorkerKeepsThePagesFilesAndNothingElse() {
		Page page = join(phone(), name("Keeper"));
		waitUntil(page, "() => navigator.serviceWorker.controller !== null");
		send(page, "kept by the server, never by the worker");
		assertThat(message(page, "kept by the server")).isVisible();
		Locator export = menuItem(page, "Export my history");
		page.waitForDownload(export::click);

		@SuppressWarnings("unchecked")
		List<String> cached = (List<String>) page.evaluate(
				"""
						async () => {
						  const urls = [];
						  for (const name of await caches.keys()) {
						    for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
						  }
						  return urls;
						}
						""");
		assertThat(cached).contains("/", "/index.html", "/scripts/app.js", "/scripts/i18n/zh.js",
				"/webjars/stomp__stompjs/esm6/client.js", "/manifest.webmanifest", "/icons/app-512.png");
		assertThat(cached).noneMatch(url -> url.startsWith("/api/") || url.startsWith("/ws") || url.equals("/sw.js"));
		assertThat(cached).doesNotHaveDuplicates();
	}

	@Test
	void aPrivateMessageToAPhoneInThePocketRaisesANotification() {
		String alice = name("Alice");
		Page phone = pocketPhone();
		List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
		phone.onConsoleMessage(message -> console.add(message.type() + ": " + message.text()));
		join(phone, alice);
		waitUntil(phone, "() => navigator.serviceWorker.controller !== null");
		// the browser allows them already (a person said yes earlier), so they are on;
		// the menu switches them
		menuItem(phone, "Turn off notifications").click();
		menuItem(phone, "Turn on notifications").click();
		assertThat(menuItem(phone, "Turn off notifications")).isVisible();
		phone.keyboard().press("Escape");

		setHidden(phone, true);
		try (StompTestClient bob = StompTestClient.connect(port, name("Bob")).listen()) {
			String bobName = bobName(bob);
			bob.whisper(alice, "are you there?");
			bob.say("hello " + alice);
			// both stored and delivered before the phone is asked about them
			bob.privateInbox().next(m -> m.path("content").asString().equals("are you there?"));
			bob.publicMessage(bobName, "hello " + alice);
			try {
				waitUntil(phone, NOTIFICATIONS_SHOWN.formatted(2));
			}
			catch (com.microsoft.playwright.TimeoutError notShown) {
				// say what the phone asked for, and whether it still counted itself
				// hidden
				throw new AssertionError("notifications asked for: "
						+ phone.evaluate("() => JSON.stringify(window.notificationCalls)") + "; hidden: "
						+ phone.evaluate("() => document.hidden") + "; badges: " + phone.evaluate("() => window.badges")
						+ "; permission: " + phone.evaluate("() => Notification.permission") + "; console: " + console,
						notShown);
			}
			List<String> shown = shownNotifications(phone);
			assertThat(shown).containsExactlyInAnyOrder(
					"Private message from " + bobName + " | are you there? | private-" + bobName.toLowerCase(),
					bobName + " mentioned you | hello " + alice + " | mention");
			// the app icon counts unread private messages only
			waitUntil(phone, "() => window.badges.at(-1) === 1");
		}
		setHidden(phone, false);
		waitUntil(phone, "() => window.badges.at(-1) === 0");
	}

	@Test
	void aMentionThatCameWhileThePocketedPhoneWasOfflineNotifiesOnceItIsBack() {
		String alice = name("Alice");
		Page phone = pocketPhone();
		join(phone, alice);
		waitUntil(phone, "() => navigator.serviceWorker.controller !== null");
		// the page has read the room and is live (it sends only then): a page cut off
		// before its first read shows the latest history when it is back, which does not
		// notify
		send(phone, "off to the pocket");
		assertThat(message(phone, "off to the pocket")).isVisible();
		setHidden(phone, true);
		cutConnection(phone);
		try (StompTestClient bob = StompTestClient.connect(port, name("Bob")).listen()) {
			// public, so it comes back only with the catch-up (private ones are handed
			// over live)
			String mention = alice + ", while you were away";
			bob.say(mention);
			bob.publicMessage(bobName(bob), mention);
			restoreConnection(phone);
			waitUntil(phone, NOTIFICATIONS_SHOWN.formatted(1));
			assertThat(shownNotifications(phone))
				.containsExactly(bobName(bob) + " mentioned you | " + mention + " | mention");
		}
	}

	@Test
	void aModeratorMutesKicksAndRemovesWithoutTypingCommands() {
		String troll = name("Troll");
		Page moderator = join(phone(), name("Mod"));
		Page trollPage = join(desktop(), troll);
		send(trollPage, "something rude");
		assertThat(message(moderator, "something rude")).isVisible();
		send(moderator, "please be nice");
		assertThat(message(trollPage, "please be nice")).isVisible();

		Locator people = moderator.locator("#people");
		openPeople(moderator);
		assertThat(people.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Moderate " + troll)))
			.hasCount(0);
		assertThat(message(moderator, "something rude").getByRole(AriaRole.BUTTON)).hasCount(0);
		people.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).tap();

		send(moderator, "/op " + SECRET);
		assertThat(moderator.locator(".note--system")
			.filter(new Locator.FilterOptions().setHasText("You are a moderator"))).isVisible();
		openPeople(moderator);
		Locator moderate = people.getByRole(AriaRole.BUTTON,
				new Locator.GetByRoleOptions().setName("Moderate " + troll));
		assertThat(moderate).isVisible();
		moderate.tap();
		Locator dialog = moderator.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Moderate " + troll));
		assertThat(dialog).isVisible();
		screenshot(moderator, "phone-moderation.png");
		dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Mute for 5 minutes")).tap();
		assertThat(dialog).isHidden();
		assertThat(people).hasClass(Pattern.compile("people--open"));
		assertThat(trollPage.locator(".note")
			.filter(new Locator.FilterOptions().setHasText(troll + " was muted for 5 minutes"))).isVisible();
		send(trollPage, "more rudeness");
		assertThat(trollPage.locator(".pending").filter(new Locator.FilterOptions().setHasText("more rudeness")))
			.containsText("You are muted");

		// removing a message asks first
		people.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).tap();
		message(moderator, "something rude")
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove message"))
			.tap();
		Locator remove = moderator.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Remove message?"));
		assertThat(remove).containsText("Remove this message from " + troll);
		remove.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove").setExact(true)).tap();
		assertThat(message(moderator, "something rude")).hasCount(0);
		assertThat(moderator.locator(".note").filter(new Locator.FilterOptions().setHasText("was removed by")))
			.isVisible();
		trollPage.reload();
		assertThat(message(trollPage, "please be nice")).isVisible();
		assertThat(message(trollPage, "something rude")).hasCount(0);

		// so does a kick; cancelling changes nothing
		openPeople(moderator);
		moderate.tap();
		dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Kick")).tap();
		assertThat(dialog).containsText("Kick " + troll + "?");
		dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).tap();
		assertThat(dialog).isHidden();
		assertThat(people).hasClass(Pattern.compile("people--open"));
		moderate.tap();
		dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Kick")).tap();
		dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Kick")).tap();
		assertThat(moderator.locator(".note").filter(new Locator.FilterOptions().setHasText(troll + " was kicked")))
			.isVisible();
	}

	@Test
	void theRetentionIsShownAndMyHistoryCanBeExported() throws IOException {
		String me = name("Keeper");
		Page page = join(phone(), me);
		send(page, "take this with me");
		assertThat(message(page, "take this with me")).isVisible();
		Locator export = menuItem(page, "Export my history");
		assertThat(page.locator("#menu")).containsText("Messages are kept for 30 days.");
		Download download = page.waitForDownload(export::click);
		assertThat(download.suggestedFilename()).matches("lanchat-history-\\d{4}-\\d{2}-\\d{2}\\.json");
		JsonArray exported = JsonParser.parseString(Files.readString(download.path())).getAsJsonArray();
		assertThat(exported.asList())
			.anyMatch(message -> message.getAsJsonObject().get("content").getAsString().equals("take this with me")
					&& message.getAsJsonObject().get("username").getAsString().equals(me));
	}

	@Test
	void onPlainHttpTheNotificationSwitchSaysHowToGetHttps() {
		BrowserContext plain = browser().newContext(phoneOptions().setLocale("en-US"));
		try {
			Page page = plain.newPage();
			List<String> errors = new ArrayList<>();
			page.onConsoleMessage(message -> {
				if ("error".equals(message.type())) {
					errors.add(message.text());
				}
			});
			page.navigate("http://" + PLAIN_HOST + ":" + port + "/");
			assertThat(page.evaluate("window.isSecureContext")).isEqualTo(false);
			join(page, name("Plain"));
			menuItem(page, "Turn on notifications").click();
			Locator hint = page.getByRole(AriaRole.DIALOG,
					new Page.GetByRoleOptions().setName("Notifications need HTTPS"));
			assertThat(hint).isVisible();
			assertThat(hint).containsText("plain http");
			assertThat(hint).containsText("README");
			hint.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();
			assertThat(hint).isHidden();
			assertThat(errors).as("console errors").isEmpty();
		}
		finally {
			plain.close();
		}
	}

	@Test
	void theChineseInterfaceHasEveryNewString() {
		Page page = open(phoneOptions().setLocale("zh-CN"));
		page.getByLabel("你的名字").fill(name("小明"));
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("加入")).click();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("菜单")).click();
		assertThat(page.locator("#menu")).containsText("开启通知");
		assertThat(page.locator("#menu")).containsText("导出我的聊天记录");
		assertThat(page.locator("#menu")).containsText("消息保留 30 天。");
	}

	/**
	 * A phone whose person allowed notifications, with what the page asks the service
	 * worker to show and puts on the app icon recorded.
	 */
	private Page pocketPhone() {
		Page phone = open(phoneOptions().setPermissions(List.of("notifications")));
		phone.addInitScript(RECORD_BADGES);
		phone.addInitScript(RECORD_NOTIFICATIONS);
		phone.reload();
		return phone;
	}

	private static String bobName(StompTestClient bob) {
		return bob.sessionInfo().path("username").asString();
	}

	/**
	 * The notifications the page had the service worker show, as the browser accepted
	 * them. Not {@code getNotifications()}: headless Chromium sometimes lists none of
	 * those it accepted (seen in full runs, with both calls resolved).
	 */
	@SuppressWarnings("unchecked")
	private static List<String> shownNotifications(Page phone) {
		return (List<String>) phone.evaluate("""
				() => window.notificationCalls.filter((call) => call.outcome === 'shown')
				  .map((call) => `${call.title} | ${call.body} | ${call.tag}`)
				""");
	}

	private static final String NOTIFICATIONS_SHOWN = """
			() => window.notificationCalls.filter((call) => call.outcome === 'shown').length === %d
			""";

	/**
	 * Test instrumentation only: records each notification the page asks the service
	 * worker to show (only a service worker's notifications reach a phone), and how the
	 * browser answered.
	 */
	private static final String RECORD_NOTIFICATIONS = """
			window.notificationCalls = [];
			const show = ServiceWorkerRegistration.prototype.showNotification;
			ServiceWorkerRegistration.prototype.showNotification = function (title, options) {
			  const call = { title, body: options?.body, tag: options?.tag, outcome: 'pending' };
			  window.notificationCalls.push(call);
			  return show.call(this, title, options).then(
			    () => { call.outcome = 'shown'; },
			    (error) => { call.outcome = 'refused: ' + error; throw error; });
			};
			""";

	/** Test instrumentation only: records what the page puts on the app icon. */
	private static final String RECORD_BADGES = """
			window.badges = [];
			navigator.setAppBadge = (count) => { window.badges.push(count); return Promise.resolve(); };
			navigator.clearAppBadge = () => { window.badges.push(0); return Promise.resolve(); };
			""";

	/** Opens the menu and finds one of its items. */
	private static Locator menuItem(Page page, String name) {
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
		return page.locator("#menu").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name));
	}

	private static void openPeople(Page page) {
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^People"))).tap();
		assertThat(page.locator("#people")).hasClass(Pattern.compile("people--open"));
	}

}
