package lanchat.history;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import lanchat.support.HighRateIntegrationTest;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history contract, run against each database lanchat supports (see its subclasses):
 * paging both ways, limits, visibility of private messages, catch-up while others keep
 * sending, and export. Rate limits are raised so that tests can fill pages quickly.
 */
abstract class HistorySuite extends HighRateIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void pagesBackwardAndForwardAcrossPageBoundariesOldestFirst() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			List<Long> ids = sendAndCollectIds(a, alice, 250, "page");
			long last = ids.get(ids.size() - 1);

			assertThat(idsOf(page(a, "before", last + 1, 50))).isEqualTo(ids.subList(200, 250));
			assertThat(idsOf(page(a, "before", ids.get(200), 50))).isEqualTo(ids.subList(150, 200));
			assertThat(idsOf(page(a, "after", ids.get(0) - 1, 50))).isEqualTo(ids.subList(0, 50));
			assertThat(idsOf(page(a, "after", ids.get(49), 50))).isEqualTo(ids.subList(50, 100));
			assertThat(idsOf(page(a, "after", ids.get(239), 50))).as("the last page is short")
				.isEqualTo(ids.subList(240, 250));
			assertThat(idsOf(page(a, "after", last, 50))).isEmpty();

			JsonNode newest = a.request("/app/history");
			assertThat(idsOf(newest)).as("no headers: the newest 50").isEqualTo(ids.subList(200, 250));
			assertThat(newest.get(0).path("type").asString()).isEqualTo("message");
			assertThat(newest.get(0).path("username").asString()).isEqualTo(alice);
			assertThat(newest.get(0).path("timestamp").asString()).endsWith("Z");

			assertThat(page(a, "before", last + 1, 500)).as("limit above 200 is treated as 200").hasSize(200);
			assertThat(idsOf(page(a, "before", last + 1, 200))).isEqualTo(ids.subList(50, 250));
		}
	}

	@Test
	void invalidPagingHeadersGetASystemErrorAndAnEmptyPage() {
		String alice = name("alice");
		try (StompTestClient a = connect(alice).listen()) {
			StompHeaders both = new StompHeaders();
			both.add("before", "10");
			both.add("after", "5");
			assertThat(a.request("/app/history", both)).isEmpty();
			a.systemReply("either 'before' or 'after'");
			StompHeaders words = new StompHeaders();
			words.add("before", "yesterday");
			assertThat(a.request("/app/history", words)).isEmpty();
			a.systemReply("'before' must be a whole number");
			StompHeaders zero = new StompHeaders();
			zero.add("limit", "0");
			assertThat(a.request("/app/history", zero)).isEmpty();
			a.systemReply("'limit' must be at least 1");
			assertThat(a.isConnected()).isTrue();
		}
	}

	@Test
	void everyoneSeesPublicMessagesButOnlyTheirOwnPrivateOnes() {
		String alice = name("alice");
		String bob = name("bob");
		String carol = name("carol");
		try (StompTestClient a = connect(alice).listen();
				StompTestClient b = connect(bob).listen();
				StompTestClient c = connect(carol).listen()) {
			a.whisper(bob, "just between us " + alice);
			long privateId = a.privateInbox().next().path("id").asLong();
			a.say("for all " + alice);
			a.publicMessage(alice, "for all " + alice);
			for (StompTestClient insider : List.of(a, b)) {
				assertThat(page(insider, "after", privateId - 1, 10)).anyMatch(
						m -> m.path("id").asLong() == privateId && "private_message".equals(m.path("type").asString())
								&& bob.equals(m.path("recipient").asString()));
			}
			JsonNode outsider = page(c, "after", privateId - 1, 10);
			assertThat(outsider).noneMatch(m -> m.path("id").asLong() == privateId);
			assertThat(outsider).anyMatch(m -> ("for all " + alice).equals(m.path("content").asString()));
		}
	}

	@Test
	void aReconnectingClientCatchesUpOnEverythingItMissedOnceAndInOrderWhileOthersKeepSending() throws Exception {
		String reader = name("reader");
		int senders = 3;
		int perSender = 150;
		long lastSeen;
		String token;
		try (StompTestClient r = connect(reader).listen()) {
			token = r.sessionInfo().path("token").asString();
			r.say("before I go " + reader);
			lastSeen = r.publicMessage(reader, "before I go " + reader).path("id").asLong();
		}
		List<StompTestClient> talkers = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < senders; i++) {
			names.add(name("talker"));
			talkers.add(connect(names.get(i)).listen());
		}
		// half of each talker's messages are sent while the reader is away, the rest
		// once it is back and while it pages
		CountDownLatch away = new CountDownLatch(senders);
		CountDownLatch back = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try {
			List<Future<?>> sending = new ArrayList<>();
			for (int i = 0; i < senders; i++) {
				StompTestClient talker = talkers.get(i);
				String who = names.get(i);
				sending.add(pool.submit(() -> {
					for (int n = 0; n < perSender; n++) {
						if (n == perSender / 2) {
							away.countDown();
							assertThat(back.await(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS))
								.as("the reader came back")
								.isTrue();
						}
						talker.say(who + " #" + n);
					}
					return null;
				}));
			}
			assertThat(away.await(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS))
				.as("every talker sent its first half")
				.isTrue();
			// reconnect mid-stream: subscribe live first, then page forward from the last
			// id seen
			StompHeaders again = StompTestClient.headers(reader);
			again.add("token", token);
			try (StompTestClient r = StompTestClient.connect(port, again).listen()) {
				back.countDown();
				Map<Long, JsonNode> seen = new HashMap<>();
				long after = lastSeen;
				JsonNode page;
				do {
					page = page(r, "after", after, 200);
					for (JsonNode message : page) {
						seen.put(message.path("id").asLong(), message);
						after = message.path("id").asLong();
					}
				}
				while (page.size() == 200);
				for (Future<?> future : sending) {
					future.get(60, TimeUnit.SECONDS);
				}
				// then keep what arrives live until every talker's last message is
				// in; the inbox fails the test if the stream stops short of them
				java.util.Set<String> lastOnes = new java.util.HashSet<>();
				names.forEach(who -> lastOnes.add(who + " #" + (perSender - 1)));
				while (!seenAll(seen, lastOnes)) {
					JsonNode live = r.publicInbox().next();
					if (live.has("id")) {
						seen.put(live.path("id").asLong(), live);
					}
				}
				// everything the page and the live stream delivered, by id; each talker's
				// messages complete and in order
				Map<String, List<Integer>> bySender = new LinkedHashMap<>();
				seen.keySet().stream().sorted().map(seen::get).forEach(message -> {
					String content = message.path("content").asString("");
					int hash = content.lastIndexOf(" #");
					if (hash > 0 && names.contains(content.substring(0, hash))) {
						bySender.computeIfAbsent(content.substring(0, hash), k -> new ArrayList<>())
							.add(Integer.parseInt(content.substring(hash + 2)));
					}
				});
				List<Integer> expected = java.util.stream.IntStream.range(0, perSender).boxed().toList();
				for (String who : names) {
					assertThat(bySender.get(who)).as("what %s sent, as the reader saw it", who).isEqualTo(expected);
				}
			}
		}
		finally {
			pool.shutdownNow();
			talkers.forEach(StompTestClient::close);
		}
	}

	@Test
	void exportGivesTheCallersVisibleHistoryForItsToken() throws Exception {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			String token = a.sessionInfo().path("token").asString();
			a.say("exported " + alice);
			a.publicMessage(alice, "exported " + alice);
			b.whisper(alice, "private for export " + alice);
			a.privateInbox().next();
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> ndjson = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/history/export"))
					.header("Authorization", "Bearer " + token)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(ndjson.statusCode()).isEqualTo(200);
			assertThat(ndjson.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
			List<JsonNode> lines = ndjson.body().lines().map(JSON::readTree).toList();
			assertThat(lines).anyMatch(m -> ("exported " + alice).equals(m.path("content").asString()));
			assertThat(lines).anyMatch(m -> ("private for export " + alice).equals(m.path("content").asString()));
			assertThat(lines).extracting(m -> m.path("id").asLong()).isSorted();

			HttpResponse<String> array = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/history/export?format=json"))
					.header("Authorization", "Bearer " + token)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(JSON.readTree(array.body()).size()).isEqualTo(lines.size());

			HttpResponse<String> anonymous = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/history/export")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertThat(anonymous.body()).contains("Authorization: Bearer");
		}
	}

	@Test
	void filesAreStoredWithTheirMessageAndComeBackInHistoryCatchUpAndExport() throws Exception {
		String alice = name("alice");
		String bob = name("bob");
		try (StompTestClient a = connect(alice).listen(); StompTestClient b = connect(bob).listen()) {
			String token = a.sessionInfo().path("token").asString();
			lanchat.support.Http http = new lanchat.support.Http(port);
			String fileId = http
				.uploaded(a.sessionInfo().path("http").asString(), "minutes.pdf", "application/pdf",
						"%PDF-1.4 minutes".getBytes())
				.path("fileId")
				.asString();
			long before = b.request("/app/history").path(0).path("id").asLong(0);
			a.send("/app/chat.send", "{\"type\":\"private_message\",\"recipient\":\"" + bob + "\",\"fileId\":\""
					+ fileId + "\",\"content\":\"the minutes\"}");
			JsonNode live = b.privateInbox().next(message -> message.has("file"));

			JsonNode stored = page(b, "after", before, 200);
			JsonNode fromHistory = null;
			for (JsonNode message : stored) {
				if (message.path("id").asLong() == live.path("id").asLong()) {
					fromHistory = message;
				}
			}
			assertThat(fromHistory).isNotNull();
			assertThat(fromHistory.path("file")).isEqualTo(live.path("file"));
			assertThat(fromHistory.path("file").path("name").asString()).isEqualTo("minutes.pdf");
			assertThat(fromHistory.path("file").path("thumbnailUrl").isNull()).isTrue();
			assertThat(fromHistory.path("content").asString()).isEqualTo("the minutes");

			HttpResponse<String> export = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/history/export"))
					.header("Authorization", "Bearer " + token)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(export.body().lines().map(JSON::readTree).filter(m -> m.has("file")).toList())
				.anyMatch(m -> m.path("file").equals(live.path("file")));
			assertThat(http.get(live.path("file").path("url").asString()).body()).asString()
				.isEqualTo("%PDF-1.4 minutes");
		}
	}

	private static boolean seenAll(Map<Long, JsonNode> seen, java.util.Set<String> contents) {
		return seen.values().stream().map(m -> m.path("content").asString("")).toList().containsAll(contents);
	}

	private static List<Long> sendAndCollectIds(StompTestClient client, String username, int count, String prefix) {
		for (int i = 0; i < count; i++) {
			client.say(prefix + " " + i);
		}
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(client.publicMessage(username, prefix + " " + i).path("id").asLong());
		}
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		return ids;
	}

	private static JsonNode page(StompTestClient client, String direction, long id, int limit) {
		StompHeaders headers = new StompHeaders();
		headers.add(direction, Long.toString(id));
		headers.add("limit", Integer.toString(limit));
		JsonNode page = client.request("/app/history", headers);
		assertThat(idsOf(page)).as("every page is oldest first").isSorted();
		return page;
	}

	private static List<Long> idsOf(JsonNode page) {
		List<Long> ids = new ArrayList<>();
		page.forEach(message -> ids.add(message.path("id").asLong()));
		return ids;
	}

}
