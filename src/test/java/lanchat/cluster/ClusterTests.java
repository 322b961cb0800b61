package lanchat.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import lanchat.LanchatApplication;
import lanchat.presence.PresenceTracker;
import lanchat.presence.UserStatus;
import lanchat.support.ExternalServer;
import lanchat.support.Http;
import lanchat.support.Nginx;
import lanchat.support.RabbitBroker;
import lanchat.support.RawTcp;
import lanchat.support.ServerProcess;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real lanchat nodes (two application contexts, each with its web server on a random
 * port) on a real RabbitMQ and one real PostgreSQL, with clients on both: everything in
 * PROTOCOL.md across nodes, order when both write at once, a third node killed with
 * {@code kill -9}, the broker restarted.
 */
class ClusterTests {

	private static final AtomicInteger NAMES = new AtomicInteger();

	private static RabbitBroker broker;

	private static EmbeddedPostgres postgres;

	private static Path work;

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static int portA;

	private static int portB;

	@BeforeAll
	static void startCluster() throws IOException {
		// the broker boots while initdb runs: each takes seconds
		CompletableFuture<RabbitBroker> booting = CompletableFuture.supplyAsync(RabbitBroker::start);
		work = Files.createTempDirectory("lanchat-cluster-");
		try {
			postgres = postgres(0);
		}
		finally {
			broker = booting.join();
		}
		nodeA = node("a");
		nodeB = node("b");
		portA = port(nodeA);
		portB = port(nodeB);
	}

	@AfterAll
	static void stopCluster() throws IOException {
		if (nodeA != null) {
			nodeA.close();
		}
		if (nodeB != null) {
			nodeB.close();
		}
		if (postgres != null) {
			postgres.close();
		}
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void publicAndPrivateMessagesEchoAndDevicesAcrossNodes() {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient aliceOnA = StompTestClient.connect(portA, alice).listen();
				StompTestClient bobOnB = StompTestClient.connect(portB, bob).listen();
				StompTestClient bobOnA = connectAgain(portA, bob, bobOnB).listen()) {
			aliceOnA.say("hello from A");
			JsonNode echo = aliceOnA.publicMessage(alice, "hello from A");
			JsonNode onB = bobOnB.publicMessage(alice, "hello from A");
			assertThat(onB.path("id").asLong()).isEqualTo(echo.path("id").asLong());

			bobOnB.whisper(alice, "psst from B");
			assertThat(aliceOnA.privateInbox()
				.next(m -> "psst from B".equals(m.path("content").asString("")))
				.path("username")
				.asString()).isEqualTo(bob);
			// the sender's copy on both of its devices, one on each node
			bobOnB.privateInbox().next(m -> "psst from B".equals(m.path("content").asString("")));
			bobOnA.privateInbox().next(m -> "psst from B".equals(m.path("content").asString("")));

			aliceOnA.whisper(bob, "to both devices");
			bobOnA.privateInbox().next(m -> "to both devices".equals(m.path("content").asString("")));
			bobOnB.privateInbox().next(m -> "to both devices".equals(m.path("content").asString("")));
		}
	}

	@Test
	void offlinePrivateMessagesWaitForAConnectionOnAnyNode() {
		String carol = name("carol");
		String dave = name("dave");
		try (StompTestClient carolOnA = StompTestClient.connect(portA, carol).listen()) {
			StompTestClient first = StompTestClient.connect(portB, dave);
			String token = first.sessionInfo().path("token").asString();
			first.close();
			carolOnA.publicInbox().next(notification(dave + " has left the chat."));
			carolOnA.whisper(dave, "while you were away");
			carolOnA.systemReply("will be delivered");
			StompHeaders headers = StompTestClient.headers(dave);
			headers.add("token", token);
			try (StompTestClient daveOnB = StompTestClient.connect(portB, headers).listen()) {
				daveOnB.privateInbox().next(m -> "while you were away".equals(m.path("content").asString("")));
			}
		}
	}

	@Test
	void joinsAndLeavesArePerIdentityOverAllNodesAndWhoShowsTheCluster() {
		String erin = name("erin");
		String watcher = name("watcher");
		try (StompTestClient onB = StompTestClient.connect(portB, watcher).listen()) {
			StompTestClient erinOnA = StompTestClient.connect(portA, erin).listen();
			onB.publicInbox().next(notification(erin + " has joined the chat!"));
			StompTestClient erinOnB = connectAgain(portB, erin, erinOnA).listen();
			assertThat(names(onB.request("/app/users"))).contains(erin, watcher);
			onB.say("/who");
			assertThat(onB.systemReply("online:").path("content").asString()).contains(erin);
			erinOnA.close();
			// still connected on B: nobody left; the marker shows everything before it
			// has been seen
			onB.say("marker after the first close");
			List<JsonNode> seen = until(onB.publicInbox(), message(watcher, "marker after the first close"));
			assertThat(seen).noneMatch(notification(erin + " has left the chat."));
			erinOnB.close();
			onB.publicInbox().next(notification(erin + " has left the chat."));
		}
		try (StompTestClient onA = StompTestClient.connect(portA, name("later")).listen()) {
			assertThat(names(onA.request("/app/users"))).doesNotContain(erin);
		}
	}

	@Test
	void aNameInUseOnOneNodeIsHeldOnTheOther() {
		String paul = name("paul");
		try (StompTestClient paulOnA = StompTestClient.connect(portA, paul).listen()) {
			assertThat(StompTestClient.refusalError(portB, StompTestClient.headers(paul)).code())
				.isEqualTo("name-taken");
		}
	}

	@Test
	void aKickOrBanTypedOnOneNodeActsOnTheOther() {
		String moderator = name("mod");
		String target = name("target");
		String banned = name("banned");
		try (StompTestClient modOnA = StompTestClient.connect(portA, moderator).listen();
				StompTestClient targetOnB = StompTestClient.connect(portB, target).listen();
				StompTestClient bannedOnB = StompTestClient.connect(portB, banned).listen()) {
			modOnA.say("/op test-moderator-secret");
			modOnA.systemReply("You are a moderator now");
			modOnA.publicInbox().next(notification(banned + " has joined the chat!"));
			modOnA.say("/kick " + target);
			assertThat(targetOnB.systemInbox()
				.next(m -> "kicked".equals(m.path("code").asString("")))
				.path("content")
				.asString()).contains("kicked");
			targetOnB.awaitClosed();
			modOnA.say("/ban " + banned);
			bannedOnB.systemInbox().next(m -> "banned".equals(m.path("code").asString("")));
			bannedOnB.awaitClosed();
			StompHeaders again = StompTestClient.headers(banned);
			assertThat(StompTestClient.refusalError(portB, again).code()).isIn("banned", "name-taken",
					"wrong-credentials");
		}
	}

	@Test
	void aTicketFromOneNodeUploadsOnTheOtherAndEveryNodeServesTheFile() {
		String alice = name("uploader");
		String bob = name("viewer");
		byte[] content = "shared notes\n".repeat(100).getBytes(StandardCharsets.UTF_8);
		try (StompTestClient aliceOnA = StompTestClient.connect(portA, alice).listen();
				StompTestClient bobOnB = StompTestClient.connect(portB, bob).listen()) {
			String ticket = aliceOnA.sessionInfo().path("http").asString();
			// the proxy sent the upload to the other node
			JsonNode uploaded = new Http(portB).uploaded(ticket, "notes.txt", "text/plain", content);
			aliceOnA.send("/app/chat.send", "{\"type\":\"message\",\"fileId\":\"" + uploaded.path("fileId").asString()
					+ "\",\"content\":\"the notes\"}");
			JsonNode onB = bobOnB.publicMessage(alice, "the notes");
			String url = onB.path("file").path("url").asString();
			for (int port : List.of(portA, portB)) {
				HttpResponse<byte[]> served = new Http(port).get(url);
				assertThat(served.statusCode()).isEqualTo(200);
				assertThat(served.body()).isEqualTo(content);
			}
			assertThat(new Http(portB).upload("not-a-ticket", "x.txt", "text/plain", content).statusCode())
				.isEqualTo(401);
		}
	}

	@Test
	void statusAndLogoutReachTheOtherNode() {
		String kim = name("kim");
		String lee = name("lee");
		try (StompTestClient kimOnA = StompTestClient.connect(portA, kim).listen();
				StompTestClient kimOnB = connectAgain(portB, kim, kimOnA).listen();
				StompTestClient leeOnB = StompTestClient.connect(portB, lee).listen()) {
			kimOnA.send("/app/presence", "{\"status\":\"away\"}");
			leeOnB.presenceInbox()
				.next(m -> kim.equals(m.path("username").asString("")) && "away".equals(m.path("status").asString("")));
			assertThat(leeOnB.request("/app/users")).anyMatch(user -> kim.equals(user.path("username").asString(""))
					&& "away".equals(user.path("status").asString("")));
			// both connections use the same device token: /logout on A closes the one on
			// B too
			kimOnA.say("/logout");
			kimOnB.systemInbox().next(m -> "wrong-credentials".equals(m.path("code").asString("")));
			kimOnB.awaitClosed();
			leeOnB.publicInbox().next(notification(kim + " has left the chat."));
		}
	}

	@Test
	void aPasswordSetOnOneNodeLogsOutTheTcpSessionsThatJoinedWithTheOldOneOnTheOther() {
		String hana = name("hana");
		try (StompTestClient phoneOnB = StompTestClient.connect(portB, hana).listen()) {
			phoneOnB.say("/password first long secret");
			phoneOnB.systemReply("Password set");
			try (RawTcp seedOnB = RawTcp.open(tcpPort(nodeB));
					StompTestClient phoneOnA = connectAgain(portA, hana, phoneOnB).listen()) {
				seedOnB
					.write("{\"type\":\"username\",\"content\":\"" + hana + "\",\"password\":\"first long secret\"}");
				seedOnB.write("{\"type\":\"message\",\"content\":\"the seed is in\"}");
				phoneOnA.publicMessage(hana, "the seed is in");
				// each node slows down its own password changes: this is A's first. The
				// phones share one token, so no token is revoked; the seed holds none
				phoneOnA.say("/password another long secret");
				phoneOnA.systemReply("Password set");
				assertThat(seedOnB.readUntilClosed()).contains("password was changed");
			}
		}
	}

	@Test
	void healthShowsTheBroker() {
		JsonNode health = Http.json(new Http(portA).get("/actuator/health"));
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("rabbit").path("status").asString()).isEqualTo("UP");
	}

	@Test
	void sendersOnBothNodesAtOnceReachEveryoneInIdOrderWithNoneSkipped() {
		String left = name("left");
		String right = name("right");
		// within one connection's burst (20): the rate limit is not what this tests
		int each = 18;
		try (StompTestClient onA = StompTestClient.connect(portA, left).listen();
				StompTestClient onB = StompTestClient.connect(portB, right).listen()) {
			onA.publicInbox().next(notification(right + " has joined the chat!"));
			for (int i = 0; i < each; i++) {
				onA.say("a" + i);
				onB.say("b" + i);
			}
			for (StompTestClient client : List.of(onA, onB)) {
				List<Long> ids = new ArrayList<>();
				int count = 0;
				while (count < 2 * each) {
					JsonNode next = client.publicInbox().next();
					if ("message".equals(next.path("type").asString(""))) {
						ids.add(next.path("id").asLong());
						count++;
					}
				}
				// increasing, consecutive: nobody else writes meanwhile
				for (int i = 1; i < ids.size(); i++) {
					assertThat(ids.get(i)).as("ids received %s", ids).isEqualTo(ids.get(i - 1) + 1);
				}
			}
		}
	}

	@Test
	void aNodeKilledWithSigkillLeavesItsPeopleGoneAndTheyReconnectElsewhereLosingNothing() throws Exception {
		Path log = work.resolve("node-c.log");
		// ServerProcess sets the port, data directory, TCP port and JMX itself
		ServerProcess.Running runningC = ServerProcess.startOnFreePort(work.resolve("data-c"),
				Files.createDirectories(work.resolve("run-c")), log, "384m",
				settings("c").stream()
					.filter(setting -> !setting.startsWith("server.port=") && !setting.startsWith("lanchat.data-dir=")
							&& !setting.startsWith("lanchat.tcp.port=") && !setting.startsWith("spring.jmx.enabled="))
					.map(setting -> "--" + setting)
					.toArray(String[]::new));
		Process nodeC = runningC.process();
		int portC = runningC.port();
		String frank = name("frank");
		String gina = name("gina");
		try (StompTestClient ginaOnA = StompTestClient.connect(portA, gina).listen()) {
			StompTestClient frankOnC = StompTestClient.connect(portC, frank).listen();
			String token = frankOnC.sessionInfo().path("token").asString();
			ginaOnA.publicInbox().next(notification(frank + " has joined the chat!"));
			frankOnC.say("last words from C");
			long lastSeen = frankOnC.publicMessage(frank, "last words from C").path("id").asLong();
			ginaOnA.publicMessage(frank, "last words from C");

			nodeC.destroyForcibly().waitFor();
			ginaOnA.say("said while frank was cut off");
			ginaOnA.publicInbox().next(notification(frank + " has left the chat."));

			StompHeaders headers = StompTestClient.headers(frank);
			headers.add("token", token);
			try (StompTestClient frankOnB = StompTestClient.connect(portB, headers).listen()) {
				StompHeaders after = new StompHeaders();
				after.add("after", Long.toString(lastSeen));
				JsonNode missed = frankOnB.request("/app/history", after);
				assertThat(missed).anyMatch(m -> "said while frank was cut off".equals(m.path("content").asString("")));
			}
		}
		finally {
			nodeC.destroyForcibly();
		}
	}

	@Test
	void messagesStoredAndAKickAndLogoutMadeWhileTheBrokerRestartsReachEveryoneAndTheNodesReconnect() {
		String hana = name("hana");
		String ivan = name("ivan");
		String jack = name("jack");
		String kim = name("kim");
		try (StompTestClient onA = StompTestClient.connect(portA, hana).listen();
				StompTestClient onB = StompTestClient.connect(portB, ivan).listen();
				StompTestClient jackOnB = StompTestClient.connect(portB, jack).listen();
				StompTestClient kimOnB = StompTestClient.connect(portB, kim).listen()) {
			onA.publicInbox().next(notification(ivan + " has joined the chat!"));
			onA.publicInbox().next(notification(jack + " has joined the chat!"));
			onA.say("/op test-moderator-secret");
			onA.systemReply("You are a moderator now");
			StompHeaders sameDevice = StompTestClient.headers(kim);
			sameDevice.add("token", kimOnB.sessionInfo().path("token").asString());
			broker.stop();
			try (StompTestClient kimOnA = StompTestClient.connect(portA, sameDevice).listen()) {
				kimOnA.sessionInfo();
				// their notices are lost; B finds the kick at its next catch-up, and the
				// revoked token when it is still gone at the one after
				onA.say("/kick " + jack);
				kimOnA.say("/logout");
				kimOnA.awaitClosed();
				jackOnB.systemInbox().next(m -> "kicked".equals(m.path("code").asString("")));
				jackOnB.awaitClosed();
				await().atMost(Duration.ofSeconds(30)).until(() -> !kimOnB.isConnected());
				assertThat(kimOnB.systemInbox()
					.next(m -> "wrong-credentials".equals(m.path("code").asString("")))
					.path("content")
					.asString()).contains("logged out");
				onA.say("while the broker is down 1");
				onB.say("while the broker is down 2");
				onA.say("while the broker is down 3");
				// read from PostgreSQL by the tail check, in id order, each once
				for (StompTestClient client : List.of(onA, onB)) {
					List<JsonNode> seen = new ArrayList<>();
					while (seen.size() < 3) {
						JsonNode next = client.publicInbox().next();
						if (next.path("content").asString("").startsWith("while the broker is down")) {
							seen.add(next);
						}
					}
					assertThat(seen).extracting(m -> m.path("content").asString())
						.containsExactlyInAnyOrder("while the broker is down 1", "while the broker is down 2",
								"while the broker is down 3");
					assertThat(seen).extracting(m -> m.path("id").asLong()).isSorted().doesNotHaveDuplicates();
				}
			}
			finally {
				broker.restart();
			}
			// presence crosses only through the broker: once it does, the nodes have
			// reconnected
			String late = name("late");
			try (StompTestClient lateOnA = StompTestClient.connect(portA, late).listen()) {
				onB.publicInbox().next(notification(late + " has joined the chat!"));
				lateOnA.say("after the restart");
				List<JsonNode> after = until(onB.publicInbox(), message(late, "after the restart"));
				assertThat(after).noneMatch(m -> m.path("content").asString("").startsWith("while the broker is down"));
			}
		}
	}

	@Test
	void whilePostgresqlIsUnreachableSendsAreRefusedNotSavedAndAfterwardsSaved() throws IOException {
		String nina = name("nina");
		String omar = name("omar");
		try (StompTestClient onA = StompTestClient.connect(portA, nina).listen();
				StompTestClient onB = StompTestClient.connect(portB, omar).listen()) {
			int port = postgres.getPort();
			postgres.close();
			try {
				onA.send("/app/chat.send", "{\"type\":\"message\",\"content\":\"lost?\",\"clientId\":\"c1\"}");
				JsonNode refused = onA.systemInbox().next(m -> "c1".equals(m.path("clientId").asString("")));
				assertThat(refused.path("code").asString()).isEqualTo("not-saved");
				// both nodes see it: their health says so, and they drop the connections
				// to the server that went away
				for (int node : List.of(portA, portB)) {
					assertThat(databaseHealth(node)).isEqualTo("DOWN");
				}
			}
			finally {
				postgres = postgres(port);
			}
			// the pools reconnect by themselves (each health check waits for a connection
			// up to its timeout)
			for (int node : List.of(portA, portB)) {
				int checks = 0;
				while (!"UP".equals(databaseHealth(node))) {
					assertThat(++checks).as("health checks until node on %d has its database back", node)
						.isLessThan(30);
				}
			}
			// and sends on both nodes are saved and acknowledged again; the refused one
			// never was
			onA.say("saved again");
			onB.say("saved on B too");
			onA.publicMessage(omar, "saved on B too");
			long id = onB.publicMessage(nina, "saved again").path("id").asLong();
			StompHeaders before = new StompHeaders();
			before.add("before", Long.toString(id + 1));
			assertThat(onA.request("/app/history", before))
				.noneMatch(m -> "lost?".equals(m.path("content").asString("")));
		}
	}

	/**
	 * The nginx block of docs/scaling.md, under a real nginx in front of the two nodes,
	 * spreads connections.
	 */
	@Test
	void nginxSpreadsConnectionsOverBothNodesAsDocumented(@TempDir Path dir) throws Exception {
		int proxyPort = ExternalServer.freePort();
		String block = ExternalServer.codeBlock(Path.of("docs/scaling.md"), "nginx");
		assertThat(block).contains("listen 80;", "server 127.0.0.1:8081", "server 127.0.0.1:8082");
		String site = block.replace("listen 80;", "listen 127.0.0.1:" + proxyPort + ";")
			.replace("server 127.0.0.1:8081", "server 127.0.0.1:" + portA)
			.replace("server 127.0.0.1:8082", "server 127.0.0.1:" + portB);
		String first = name("proxied");
		String second = name("proxied");
		try (Nginx proxy = Nginx.start(dir, site);
				StompTestClient one = StompTestClient.connect(proxyPort, first).listen();
				StompTestClient two = StompTestClient.connect(proxyPort, second).listen()) {
			List<String> onA = names(nodeA.getBean(PresenceTracker.class).snapshotHere());
			List<String> onB = names(nodeB.getBean(PresenceTracker.class).snapshotHere());
			assertThat(onA.contains(first) ^ onA.contains(second)).as("one of them on A: %s", onA).isTrue();
			assertThat(onB.contains(first) ^ onB.contains(second)).as("one of them on B: %s", onB).isTrue();
			one.say("through the proxy");
			two.publicMessage(first, "through the proxy");
		}
	}

	private static String databaseHealth(int port) {
		return Http.json(new Http(port).get("/actuator/health"))
			.path("components")
			.path("db")
			.path("status")
			.asString();
	}

	private static List<String> names(List<UserStatus> users) {
		return users.stream().map(UserStatus::username).toList();
	}

	/**
	 * PostgreSQL on its data directory in the work directory, on {@code port} (0: any
	 * free port).
	 */
	private static EmbeddedPostgres postgres(int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(work.resolve("postgres"))
			.setCleanDataDirectory(false);
		return (port == 0 ? builder : builder.setPort(port)).start();
	}

	private static Predicate<JsonNode> notification(String text) {
		return m -> "notification".equals(m.path("type").asString("")) && text.equals(m.path("content").asString(""));
	}

	private static Predicate<JsonNode> message(String from, String content) {
		return m -> "message".equals(m.path("type").asString("")) && from.equals(m.path("username").asString(""))
				&& content.equals(m.path("content").asString(""));
	}

	/** Everything that arrives up to and including the first that matches. */
	private static List<JsonNode> until(StompTestClient.Inbox inbox, Predicate<JsonNode> last) {
		List<JsonNode> seen = new ArrayList<>();
		JsonNode next;
		do {
			next = inbox.next();
			seen.add(next);
		}
		while (!last.test(next));
		return seen;
	}

	private static List<String> names(JsonNode users) {
		List<String> names = new ArrayList<>();
		users.forEach(user -> names.add(user.path("username").asString()));
		return names;
	}

	/** Waits until {@code name} is offline as the cluster sees it. */
	private static void awaitOffline(StompTestClient client, String name) {
		client.publicInbox().next(notification(name + " has left the chat."));
	}

	private static StompTestClient connectAgain(int port, String name, StompTestClient first) {
		StompHeaders headers = StompTestClient.headers(name);
		headers.add("token", first.sessionInfo().path("token").asString());
		return StompTestClient.connect(port, headers);
	}

	private static String name(String base) {
		return base + NAMES.incrementAndGet();
	}

	private static ConfigurableApplicationContext node(String name) {
		// as command-line arguments: they win over the packaged application.yml, as an
		// operator's would
		return new SpringApplicationBuilder(LanchatApplication.class)
			.run(settings(name).stream().map(setting -> "--" + setting).toArray(String[]::new));
	}

	private static List<String> settings(String node) {
		List<String> settings = new ArrayList<>(List.of("server.port=0", "lanchat.tcp.port=0",
				"spring.jmx.enabled=false", "lanchat.data-dir=" + work.resolve("data-" + node),
				"spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres", "spring.datasource.password=", "lanchat.cluster.enabled=true",
				"lanchat.cluster.node-name=" + node, "lanchat.files.dir=" + work.resolve("files"),
				"lanchat.admin-secret=test-moderator-secret",
				// a database that is down is told at once, not after Hikari's 30 s
				"spring.datasource.hikari.connection-timeout=2000"));
		settings.addAll(List.of(broker.springSettings()));
		return settings;
	}

	private static int tcpPort(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.tcp.port", "0"));
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port", "0"));
	}

}
