package lanchat.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lanchat.LanchatApplication;
import lanchat.support.ChildServer;
import lanchat.support.ServerProcess;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message journal: what H2's file had not written when the server died is written
 * back from it at the next start, with its ids, and ids go on after them.
 */
class MessageJournalTests {

	/** H2 writes its file only at a stop, so that only the journal keeps the messages. */
	private static final String FILE_WRITES_RARELY = "--lanchat.history.file-write-every=1h";

	private static final String JOURNAL_ON = "--lanchat.history.journal=true";

	private static final String[] SETTINGS = { JOURNAL_ON, FILE_WRITES_RARELY, "--lanchat.limits.rate-per-second=1000",
			"--lanchat.limits.burst=1000" };

	@RegisterExtension
	final ChildServer server = new ChildServer();

	@Test
	void acknowledgedMessagesSurviveKillMinusNineAndIdsGoOnAfterThem(@TempDir Path folder) throws Exception {
		Path data = folder.resolve("db");
		Path log = folder.resolve("server.log");
		ServerProcess.Running first = ServerProcess.startOnFreePort(data, folder, log, "512m", SETTINGS);
		server.track(first.process());
		StompHeaders alice = StompTestClient.headers("alice");
		StompHeaders bob = StompTestClient.headers("bob");
		try (StompTestClient bobOnce = StompTestClient.connect(first.port(), bob)) {
			bob.add("token", bobOnce.sessionInfo().path("token").asString());
		}
		List<Long> acknowledged = new ArrayList<>();
		try (StompTestClient client = StompTestClient.connect(first.port(), alice).listen()) {
			alice.add("token", client.sessionInfo().path("token").asString());
			for (int i = 0; i < 150; i++) {
				client.say("before the crash " + i);
			}
			for (int i = 0; i < 150; i++) {
				acknowledged.add(client.publicMessage("alice", "before the crash " + i).path("id").asLong());
			}
			client.whisper("bob", "while you were away");
			acknowledged
				.add(client.privateInbox().next(StompTestClient.content("while you were away")).path("id").asLong());
			assertThat(Files.size(data.resolve(MessageJournal.FILE_NAME))).as("the messages went through the journal")
				.isGreaterThan(150L * 40);
			server.process().destroyForcibly();
			assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
			client.awaitClosed();
		}

		ServerProcess.Running second = ServerProcess.startOnFreePort(data, folder, log, "512m", SETTINGS);
		server.track(second.process());
		try (StompTestClient client = StompTestClient.connect(second.port(), alice).listen()) {
			assertThat(client.sessionInfo().has("token")).as("alice is the identity she was, not a new one").isFalse();
			assertThat(ids(client)).containsAll(acknowledged);
			client.say("after the crash");
			assertThat(client.publicMessage("alice", "after the crash").path("id").asLong())
				.isGreaterThan(acknowledged.stream().mapToLong(Long::longValue).max().orElseThrow());
		}
		try (StompTestClient client = StompTestClient.connect(second.port(), bob).listen()) {
			assertThat(client.privateInbox()
				.next(StompTestClient.content("while you were away"))
				.path("recipient")
				.asString()).isEqualTo("bob");
		}
	}

	@Test
	void rowsTheFileLacksAreWrittenBackOnceAndARecordCutShortEndsTheReading(@TempDir Path data) throws IOException {
		Path journalFile = data.resolve(MessageJournal.FILE_NAME);
		Path crashImage = data.resolve("journal-at-the-crash");
		long newest;
		long alice;
		try (ConfigurableApplicationContext context = start(data)) {
			try (StompTestClient client = StompTestClient.connect(port(context), "alice").listen()) {
				client.say("in the file");
				newest = client.publicMessage("alice", "in the file").path("id").asLong();
			}
			alice = context.getBean(JdbcClient.class)
				.sql("SELECT id FROM identity WHERE name_key = 'alice'")
				.query(Long.class)
				.single();
			MessageJournal journal = context.getBean(MessageJournal.class);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			// as if the server had committed these in memory and died before H2 wrote
			// them
			assertThat(journal.append(List.of(row(newest, alice, "already in the file", null, now),
					row(newest + 1, alice, "lost by the file", null, now),
					row(newest + 2, alice, "lost with its file", "no-such-upload", now))))
				.isTrue();
			Files.copy(journalFile, crashImage);
		}
		Files.move(crashImage, journalFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		// the start of a record the crash cut short
		Files.write(journalFile, new byte[] { 0, 0, 1, 0, 7 }, StandardOpenOption.APPEND);

		try (ConfigurableApplicationContext context = start(data)) {
			assertThat(Files.size(journalFile)).as("cut back once written back").isEqualTo(MessageJournal.HEADER_BYTES);
			try (StompTestClient client = StompTestClient.connect(port(context), "alice2").listen()) {
				JsonNode history = client.request("/app/history");
				List<String> contents = new ArrayList<>();
				history.forEach(message -> contents
					.add(message.path("id").asLong() + " " + message.path("content").asString()));
				assertThat(contents).containsExactly(newest + " in the file", (newest + 1) + " lost by the file",
						(newest + 2) + " lost with its file");
				client.say("next");
				assertThat(client.publicMessage("alice2", "next").path("id").asLong()).isGreaterThan(newest + 2);
			}
		}
	}

	@Test
	void retentionCutsTheJournalBackBeforeItDeletesSoThatACrashCannotBringADeletedMessageBack(@TempDir Path data)
			throws IOException {
		Path journalFile = data.resolve(MessageJournal.FILE_NAME);
		try (ConfigurableApplicationContext context = start(data, "--lanchat.history.max-messages=1")) {
			try (StompTestClient client = StompTestClient.connect(port(context), "alice").listen()) {
				client.sayAll(3, "soon gone");
			}
			assertThat(Files.size(journalFile)).isGreaterThan(MessageJournal.HEADER_BYTES);
			context.getBean(RetentionJob.class).enforce();
			assertThat(Files.size(journalFile)).isEqualTo(MessageJournal.HEADER_BYTES);
			assertThat(context.getBean(HistoryStore.class).count()).isEqualTo(1);
		}
	}

	@Test
	void aJournalWrittenBesideAnotherDatabaseIsSetAsideNotWrittenBack(@TempDir Path data) throws IOException {
		Path journalFile = data.resolve(MessageJournal.FILE_NAME);
		Path otherDatabase = data.resolve("other");
		try (ConfigurableApplicationContext context = start(otherDatabase)) {
			try (StompTestClient client = StompTestClient.connect(port(context), "alice").listen()) {
				client.say("in the other database");
				client.publicMessage("alice", "in the other database");
			}
			MessageJournal journal = context.getBean(MessageJournal.class);
			assertThat(journal.append(List.of(row(1000, 1, "not for this database", null, Instant.now())))).isTrue();
			Files.copy(otherDatabase.resolve(MessageJournal.FILE_NAME), data.resolve("copy"));
		}
		// a database of its own, then the other one's journal beside it
		start(data).close();
		Files.move(data.resolve("copy"), journalFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		try (ConfigurableApplicationContext context = start(data)) {
			assertThat(context.getBean(HistoryStore.class).count()).isZero();
			try (var aside = Files.list(data)) {
				assertThat(aside.map(path -> path.getFileName().toString()))
					.anyMatch(name -> name.startsWith(MessageJournal.FILE_NAME + ".") && name.endsWith(".other"));
			}
		}
	}

	private static MessageRow row(long id, long sender, String content, String fileId, Instant at) {
		return new MessageRow(id, "message", sender, "alice", null, null, content, false, at, true, fileId);
	}

	private static List<Long> ids(StompTestClient client) {
		List<Long> ids = new ArrayList<>();
		long after = 0;
		while (true) {
			StompHeaders page = new StompHeaders();
			page.add("after", Long.toString(after));
			page.add("limit", "200");
			JsonNode messages = client.request("/app/history", page);
			messages.forEach(message -> ids.add(message.path("id").asLong()));
			if (messages.size() < 200) {
				return ids;
			}
			after = ids.get(ids.size() - 1);
		}
	}

	private static ConfigurableApplicationContext start(Path data, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--lanchat.data-dir=" + data,
				"--spring.jmx.enabled=false", "--lanchat.tcp.port=0", JOURNAL_ON, FILE_WRITES_RARELY));
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(LanchatApplication.class).run(arguments.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
