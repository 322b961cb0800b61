package lanchat.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real browser against the real app: people join, talk in public and in
 * private, come back, scroll back, and never see their text turned into markup.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lanchat.limits.rate-per-second=1000", "lanchat.limits.burst=1000" })
class PageBrowserTests extends AppPageTests {

	@Override
	String baseUrl() {
		return "http://localhost:" + port + "/";
	}

	@Test
	void joinsAndLeavesInARowShareOneLineAndThePeopleListKeepsUp() {
		Page phone = join(phone(), name("Watcher"));
		// history first, so that the crowd's line is what the watcher sees last
		assertThat(phone.locator(".messages__older:visible, .messages__beginning:visible")).hasCount(1);
		List<String> names = new ArrayList<>();
		List<StompTestClient> crowd = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				names.add(name("Crowd"));
				crowd.add(StompTestClient.connect(port, names.get(i)));
			}
			Locator line = phone.locator(".note").filter(new Locator.FilterOptions().setHasText("2 more joined"));
			assertThat(line).hasCount(1);
			assertThat(line)
				.containsText(names.get(0) + ", " + names.get(1) + ", " + names.get(2) + " and 2 more joined");
			crowd.remove(4).close();
			// whoever left is no longer among those who joined
			Locator same = phone.locator(".note").filter(new Locator.FilterOptions().setHasText(names.get(0)));
			assertThat(same).containsText(" and 1 more joined");
			assertThat(same).containsText(names.get(4) + " left");
			// one line for all of it
			assertThat(phone.locator(".note").filter(new Locator.FilterOptions().setHasText(names.get(1)))).hasCount(1);
			// a screen reader hears the line as it ends up once it is still, not a line
			// per person
			Locator heard = phone.locator("#announcer p").last();
			assertThat(heard)
				.containsText(names.get(0) + ", " + names.get(1) + ", " + names.get(2) + " and 1 more joined");
			assertThat(heard).containsText(names.get(4) + " left");

			phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^People"))).tap();
			for (String name : names.subList(0, 4)) {
				assertThat(
						phone.locator(".people__list").getByText(name, new Locator.GetByTextOptions().setExact(true)))
					.isVisible();
			}
		}
		finally {
			crowd.forEach(StompTestClient::close);
		}
	}

	@Test
	void aPhoneAndADesktopTalkInPublicAndInPrivate() {
		String alice = name("Alice");
		String bob = name("Bob");
		Page phone = join(phone(), alice);
		Page desk = join(desktop(), bob);
		// "has joined" on a line of its own, "joined" in a line of several
		assertThat(phone.locator(".note")
			.filter(new Locator.FilterOptions().setHasText(Pattern.compile(bob + ",? .*joined")))).isVisible();

		send(phone, "Hello " + bob + "!");
		assertThat(message(desk, "Hello " + bob + "!")).isVisible();
		assertThat(message(desk, "Hello " + bob + "!")).hasClass(Pattern.compile("msg--mention"));
		assertThat(message(phone, "Hello " + bob + "!")).hasClass(Pattern.compile("msg--own"));

		send(desk, "Hi! See https://example.org/notes. مرحبا");
		Locator link = message(phone, "See").getByRole(AriaRole.LINK);
		assertThat(link).hasText("https://example.org/notes");
		assertThat(link).hasAttribute("target", "_blank");
		assertThat(link).hasAttribute("rel", "noopener noreferrer");
		assertThat(message(phone, "See").locator(".msg__text")).hasAttribute("dir", "auto");

		send(phone, "/me waves");
		assertThat(desk.locator(".msg--action")
			.filter(new Locator.FilterOptions().setHasText(alice))
			.locator(".msg__text")).hasText(alice + " waves");

		// tapping a person starts a private message to them
		phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^People"))).tap();
		phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(bob)).tap();
		assertThat(composer(phone)).hasValue("/w " + bob + " ");
		composer(phone).pressSequentially("just between us");
		composer(phone).press("Enter");
		assertThat(message(desk, "just between us")).hasClass(Pattern.compile("msg--private"));
		assertThat(message(desk, "just between us")).containsText("private");
		assertThat(message(phone, "just between us")).containsText("private to " + bob);

		Locator aliceInList = desk.locator(".people .person__button")
			.filter(new Locator.FilterOptions().setHasText(alice));
		assertThat(aliceInList).hasClass(Pattern.compile("person--online"));

		// the phone goes into a pocket: Alice is away, and what arrives meanwhile is
		// counted in the title
		setHidden(phone, true);
		assertThat(aliceInList).hasClass(Pattern.compile("person--away"));
		send(desk, "still there?");
		assertThat(phone).hasTitle("(1) lanchat");
		setHidden(phone, false);
		assertThat(phone).hasTitle("lanchat");
		assertThat(aliceInList).hasClass(Pattern.compile("person--online"));

		screenshot(phone, "phone-light.png");
		screenshot(desk, "desktop-light.png");
		phone.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
		desk.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
		screenshot(phone, "phone-dark.png");
		screenshot(desk, "desktop-dark.png");
	}

	@Test
	void textThatLooksLikeMarkupIsShownAsText() {
		Page sender = join(phone(), name("Mallory"));
		Page reader = join(desktop(), name("Reader"));
		String markup = "<img src=x onerror=alert(1)> <b>bold</b> javascript:alert(2)";
		send(sender, markup);

		assertThat(message(reader, "onerror").locator(".msg__text")).hasText(markup);
		assertThat(message(sender, "onerror").locator(".msg__text")).hasText(markup);
		for (Page page : new Page[] { sender, reader }) {
			// the only image on the page is the invite QR code, never anything from a
			// message
			assertThat(page.locator("img:not(.invite__qr)")).hasCount(0);
			assertThat(message(page, "onerror").locator("b, a")).hasCount(0);
		}
	}

	@Test
	void comingBackRejoinsAsTheSamePersonAndMarksWhatIsNew() {
		String carol = name("Carol");
		Page first = join(phone(), carol);
		send(first, "before the reload");
		assertThat(message(first, "before the reload")).isVisible();

		first.reload();
		assertThat(composer(first)).isVisible();
		assertThat(first.getByLabel("Your name")).isHidden();
		assertThat(message(first, "before the reload")).hasClass(Pattern.compile("msg--own"));

		// away for a while: someone else talks, then the page is opened again
		first.close();
		Page other = join(desktop(), name("Dave"));
		send(other, "while you were away");
		assertThat(message(other, "while you were away")).isVisible();
		Page back = sameBrowser(first);
		assertThat(message(back, "while you were away")).isVisible();
		assertThat(back.locator(".divider + .msg")).containsText("while you were away");
		assertThat(back.getByText("New since you left")).isVisible();

		// the name is held: another browser is told so in plain words, and may use a
		// password
		Page stranger = phone();
		stranger.getByLabel("Your name").fill(carol);
		stranger.getByLabel("Your name").press("Enter");
		assertThat(stranger.getByRole(AriaRole.ALERT)).containsText("taken");
		assertThat(stranger.getByLabel("Password for this name")).isVisible();
	}

	@Test
	void namesAreCheckedBeforeAskingAndCanBeForgotten() {
		Page page = phone();
		page.getByLabel("Your name").fill("two words");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join")).click();
		assertThat(page.getByRole(AriaRole.ALERT)).containsText("no spaces");
		assertThat(composer(page)).isHidden();
		screenshot(page, "phone-join.png");

		join(page, name("小明_क्षि"));
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch name / forget me")).click();
		page.getByRole(AriaRole.DIALOG)
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Forget me"))
			.click();
		assertThat(page.getByLabel("Your name")).isVisible();
		assertThat(page.getByLabel("Your name")).isEmpty();
		assertThat(page.evaluate("localStorage.getItem('lanchat.identity')")).isNull();
	}

	@Test
	void loggingOutThisDeviceAsksForThePasswordAndThePageKeepsATokenNeverThePassword() {
		String erin = name("Erin");
		Page page = join(phone(), erin);
		send(page, "/password correct horse battery");
		assertThat(page.locator(".note").filter(new Locator.FilterOptions().setHasText("Password set"))).isVisible();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out this device")).click();
		page.getByRole(AriaRole.DIALOG)
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Log out"))
			.click();
		assertThat(page.getByRole(AriaRole.ALERT)).containsText("logged out");
		assertThat(page.getByLabel("Password for this name")).isVisible();
		assertThat(page.evaluate("JSON.parse(localStorage.getItem('lanchat.identity')).token")).isNull();

		page.getByLabel("Password for this name").fill("correct horse battery");
		page.getByLabel("Password for this name").press("Enter");
		assertThat(composer(page)).isVisible();
		String stored = (String) page.evaluate("localStorage.getItem('lanchat.identity')");
		assertThat(stored).contains("\"token\"").doesNotContain("correct horse battery").doesNotContain("password");
		page.reload();
		assertThat(composer(page)).isVisible();
		assertThat(page.getByLabel("Your name")).isHidden();
	}

	/**
	 * The page's copy of the name rule agrees with the server's on the cases that matter.
	 */
	@Test
	void thePageChecksNamesAsTheServerDoes() {
		Page page = phone();
		String verdicts = """
				async () => {
				  const { nameProblem, normaliseName } = await import('/scripts/names.js');
				  return ['小明', 'क्षत्रिय', 'ภาษาไทย', 'Ａｌｉｃｅ', 'a_b-c.d', 'x'.repeat(24), 'x'.repeat(25), 'Admin',
				          'zero\u200Bwidth', 'bidi\u202Ename', 'two words', '', 'Alice\u034F', 'Alice\uFE0F', 'Alice\u180B']
				    .map((raw) => nameProblem(normaliseName(raw)) ?? 'ok').join(',');
				}
				""";
		assertThat(page.evaluate(verdicts))
			.isEqualTo("ok,ok,ok,ok,ok,ok,name.tooLong,name.reserved,name.chars,name.chars,"
					+ "name.chars,name.empty,name.invisible,name.invisible,name.invisible");
	}

	/**
	 * A server slow to answer (a whole room coming back after a restart) gets more time
	 * on each try in a row, up to four times the first, instead of every page giving up
	 * and joining again at the same pace (bench/run.sh --only storm).
	 */
	@Test
	void eachTimeOutInARowDoublesTheNextWaitTwiceAtMost() {
		Page page = phone();
		String waits = """
				async () => {
				  const { patientTimeout } = await import('/scripts/connection.js');
				  return [0, 1, 2, 3, 10].map((timeouts) => patientTimeout(10000, timeouts)).join(',');
				}
				""";
		assertThat(page.evaluate(waits)).isEqualTo("10000,20000,40000,40000,40000");
	}

	/**
	 * Who is "You" is decided by the key the server sends, not by the page's own folding:
	 * the server joins ß with ẞ (and look-alikes) where a browser's lower-casing cannot.
	 */
	@Test
	void thePageKnowsPeopleByTheServersKey() {
		String name = name("Strauß");
		Page page = join(phone(), name);
		send(page, "grüß dich");
		assertThat(message(page, "grüß dich")).hasClass(Pattern.compile("msg--own"));
		assertThat(page.locator(".people .person__button").filter(new Locator.FilterOptions().setHasText(name)))
			.isDisabled();

		String own = """
				async () => {
				  const { renderMessage } = await import('/scripts/message-view.js');
				  const me = { name: 'Strauß', key: 'strauss' };
				  const isOwn = (username, usernameKey) => renderMessage({ id: 1, type: 'message', username, usernameKey,
				    content: 'hi', timestamp: '2026-12-04T12:00:00Z' }, me).classList.contains('msg--own');
				  return [isOwn('Strauẞ', 'strauss'), isOwn('STRAUSS', 'strauss'), isOwn('Strauß', 'another key'),
				    isOwn('Straus', 'straus')].join(',');
				}
				""";
		assertThat(page.evaluate(own)).isEqualTo("true,true,false,false");
	}

	/**
	 * A joining page asks for its session, the people here and the latest history at
	 * once: one round trip on a slow network instead of three. Each answer comes on its
	 * own subscription, and Spring's outbound threads may hand two answers to the socket
	 * in either order, so the page does not rely on their order.
	 */
	@Test
	void aJoiningPageAsksForItsSessionThePeopleAndHistoryInOneRoundTrip() {
		Page page = phone();
		// what the page's own code sends and is handed, in its order, per socket (on a
		// loaded machine a first connection may be dropped and made again). An answer is
		// noted before the STOMP client sees it, since the page's code may ask its next
		// question while the client handles the answer, and the network's events may show
		// a quick answer before the browser sent the next frame.
		page.addInitScript(
				"""
						window.stompFrames = [];
						let sockets = 0;
						const destination = (frame) => /^destination:(.*)$/m.exec(typeof frame === 'string' ? frame : '')?.[1] ?? '-';
						window.WebSocket = class extends WebSocket {
						  constructor(...options) {
						    super(...options);
						    this.socket = ++sockets;
						    this.addEventListener('message',
						      (event) => stompFrames.push(this.socket + ' answered ' + destination(event.data)));
						  }
						  send(frame) {
						    stompFrames.push(this.socket + ' asked ' + destination(frame));
						    return super.send(frame);
						  }
						};
						""");
		page.reload();
		join(page, name("Quinn"));
		waitUntil(page, "() => stompFrames.some((frame) => frame.endsWith(' answered /app/history'))");
		@SuppressWarnings("unchecked")
		List<String> all = (List<String>) page.evaluate("() => stompFrames");
		String socket = all.stream()
			.filter((frame) -> frame.endsWith(" answered /app/history"))
			.findFirst()
			.orElseThrow()
			.split(" ")[0];
		List<String> frames = all.stream()
			.filter((frame) -> frame.startsWith(socket + " "))
			.map((frame) -> frame.substring(socket.length() + 1))
			.toList();

		assertThat(frames).contains("asked /app/session", "asked /app/users", "asked /app/history",
				"answered /app/session", "answered /app/users", "answered /app/history");
		assertThat(askedTogetherBeforeTheSessionsAnswer(frames)).as("all three asked before the first answer").isTrue();
	}

	/**
	 * Whether some round of asking (an ask for the session, up to its answer) also asked
	 * for the people here and the history. A round cut short by a dropped connection is
	 * asked again, and only the whole round counts.
	 */
	private static boolean askedTogetherBeforeTheSessionsAnswer(List<String> frames) {
		for (int asked = 0; asked < frames.size(); asked++) {
			if (!frames.get(asked).equals("asked /app/session")) {
				continue;
			}
			int answered = asked;
			while (answered < frames.size() && !frames.get(answered).equals("answered /app/session")) {
				answered++;
			}
			List<String> round = frames.subList(asked, answered);
			if (round.contains("asked /app/users") && round.contains("asked /app/history")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Stored messages that land after a join was shown (a slow history page) go above it,
	 * so the line of joins stays last and the next join still folds into it; a live
	 * message goes last and ends the line, whatever its time.
	 */
	@Test
	void storedMessagesThatLandLateGoAboveTheJoinsShownMeanwhile() {
		Page page = phone();
		String order = """
				async () => {
				  const { MessageList } = await import('/scripts/message-list.js');
				  const root = document.createElement('div');
				  root.innerHTML = '<div class="messages"><button class="messages__older"></button>'
				    + '<p class="messages__beginning"></p><ol class="messages__list"></ol></div>'
				    + '<button class="jump"></button>';
				  document.body.append(root);
				  const list = new MessageList(root.querySelector('.messages'));
				  list.reset({ name: 'zoe', key: 'zoe' });
				  const joined = (name, timestamp) =>
				    ({ type: 'notification', username: name, content: name + ' has joined the chat!', timestamp });
				  const stored = (id, timestamp) => ({ id, type: 'message', username: 'bo', content: 'hi', timestamp });
				  list.addNote(joined('ann', '2026-12-05T12:00:10Z'));
				  list.add([stored(5, '2026-12-05T11:59:00Z')]);
				  const folded = !list.addNote(joined('cy', '2026-12-05T12:00:11Z'));
				  // live, stamped before the last join (it waited for its commit): still news, so it ends the line
				  list.add([stored(6, '2026-12-05T12:00:05Z')], { live: true });
				  const endedByLive = list.addNote(joined('dee', '2026-12-05T12:00:13Z'));
				  const items = [...root.querySelectorAll('.messages__list > li:not(.day)')]
				    .map((li) => li.classList.contains('note') ? 'note' : 'msg' + li.dataset.id);
				  root.remove();
				  return [folded, endedByLive, items.join(' ')].join(', ');
				}
				""";
		assertThat(page.evaluate(order)).isEqualTo("true, true, msg5 note msg6 note");
	}

	/**
	 * Pending messages are settled by their clientId: another device of the same name
	 * sending the same words settles nothing of ours, and a refusal of ours is shown with
	 * its reason. The room sees every clientId, so it is random and says nothing of the
	 * tab or the time.
	 */
	@Test
	void theOutboxMatchesByClientIdNotByText() {
		Page page = phone();
		String outcome = """
				async () => {
				  const { Outbox } = await import('/scripts/outbox.js');
				  const outbox = new Outbox('gina-' + Math.random());
				  const sent = [];
				  outbox.add('same words', 5);
				  outbox.add('x'.repeat(10), 5);
				  await outbox.flush((body) => sent.push(body));
				  const [mine, tooLong] = sent;
				  const results = [
				    sent.every((body) => /^[0-9a-f]{24}$/.test(body.clientId) && !body.clientId.includes(sessionStorage.getItem('lanchat.tab'))),
				    mine.clientId !== tooLong.clientId,
				    outbox.acknowledge({ id: 6, type: 'message', content: 'same words', clientId: 'another-device' }),
				    outbox.items.length,
				    outbox.refused({ type: 'system', code: 'too-long', content: 'too long', clientId: tooLong.clientId }),
				    outbox.items.find((e) => e.key === tooLong.clientId).state,
				    outbox.acknowledge({ id: 7, type: 'message', content: 'same words', clientId: mine.clientId }),
				    outbox.items.length,
				  ];
				  outbox.clear();
				  return results.join(',');
				}
				""";
		assertThat(page.evaluate(outcome)).isEqualTo("true,true,false,2,true,failed,true,1");
	}

	@Test
	void theEmojiPickerWorksFromTheKeyboard() {
		Page page = join(desktop(), name("Keys"));
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Insert emoji")).focus();
		page.keyboard().press("Enter");
		page.keyboard().press("ArrowRight");
		page.keyboard().press("Enter");
		assertThat(composer(page)).hasValue("😂");
		assertThat(composer(page)).isFocused();
		assertThat(page.locator("#emoji-panel")).isHidden();
	}

	@Test
	void scrollingUpLoadsOlderPages() {
		try (StompTestClient writer = StompTestClient.connect(port, name("Writer")).listen()) {
			for (int i = 1; i <= 70; i++) {
				writer.say("seed " + i + " of 70");
			}
			writer.publicMessage(writer.sessionInfo().path("username").asString(), "seed 70 of 70");
		}
		Page page = join(desktop(), name("Reader"));
		assertThat(message(page, "seed 70 of 70")).isVisible();
		assertThat(message(page, "seed 21 of 70")).hasCount(1);
		assertThat(message(page, "seed 20 of 70")).hasCount(0);

		page.locator("#messages").evaluate("scroller => scroller.scrollTop = 0");
		assertThat(message(page, "seed 1 of 70")).hasCount(1);
		assertThat(message(page, " of 70")).hasCount(70);
	}

	@Test
	void chineseBrowsersGetTheChineseInterface() {
		Page page = open(new com.microsoft.playwright.Browser.NewContextOptions().setLocale("zh-CN"));
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("加入聊天"))).isVisible();
		assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
	}

	@Test
	void messagesTypedOfflineAreSentOnceWhenBack() {
		Page reader = join(desktop(), name("Erin"));
		Page writer = join(phone(), name("Frank"));
		cutConnection(writer);
		assertThat(writer.getByRole(AriaRole.STATUS)).containsText("Reconnecting");
		send(writer, "typed in the tunnel");
		assertThat(writer.locator(".pending")).containsText("typed in the tunnel");

		restoreConnection(writer);
		assertThat(message(reader, "typed in the tunnel")).hasCount(1);
		assertThat(message(writer, "typed in the tunnel")).hasCount(1);
		assertThat(writer.locator(".pending")).hasCount(0);
	}

}
