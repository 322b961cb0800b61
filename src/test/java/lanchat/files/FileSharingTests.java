package lanchat.files;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import lanchat.support.Http;
import lanchat.support.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload over HTTP, send over STOMP, receive and fetch: the whole path of a file, with
 * real multipart bodies and real STOMP clients.
 */
class FileSharingTests extends FilesIntegrationTest {

	@Test
	void anImageUploadedAndSentReachesOthersWhoFetchItAndItsThumbnail() throws Exception {
		try (Client alice = client("alice"); Client bob = client("bob")) {
			JsonNode uploaded = http().uploaded(alice.ticket(), "sunset.png", "image/png", png(1200, 800));
			assertThat(uploaded.path("name").asString()).isEqualTo("sunset.png");
			assertThat(uploaded.path("mediaType").asString()).isEqualTo("image/png");
			assertThat(uploaded.path("image").path("width").asInt()).isEqualTo(1200);
			assertThat(uploaded.path("image").path("height").asInt()).isEqualTo(800);

			alice.sendFile(uploaded.path("fileId").asString(), "Look!");
			JsonNode message = bob.nextFile(alice.name());
			JsonNode file = message.path("file");
			assertThat(message.path("content").asString()).isEqualTo("Look!");
			assertThat(message.path("id").isNumber()).isTrue();
			assertThat(file.path("id").asString()).isEqualTo(uploaded.path("fileId").asString());
			assertThat(file.path("size").asLong()).isEqualTo(uploaded.path("size").asLong());
			assertThat(file.path("url").asString()).isEqualTo("/files/" + file.path("id").asString() + "/sunset.png");
			assertThat(file.path("width").asInt()).isEqualTo(1200);

			HttpResponse<byte[]> original = http().get(file.path("url").asString());
			assertThat(original.statusCode()).isEqualTo(200);
			assertThat(original.headers().firstValue("Content-Type")).hasValue("image/png");
			assertThat(original.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");
			assertThat(original.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(original.headers().allValues("Content-Security-Policy"))
				.containsExactly("sandbox; default-src 'none'");
			assertThat(original.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
			assertThat(original.body()).hasSize((int) file.path("size").asLong());
			assertThat(ImageIO.read(new ByteArrayInputStream(original.body())).getWidth()).isEqualTo(1200);

			HttpResponse<byte[]> thumbnail = http().get(file.path("thumbnailUrl").asString());
			assertThat(thumbnail.statusCode()).isEqualTo(200);
			assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
			var small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
			assertThat(small.getWidth()).isEqualTo(480);
			assertThat(small.getHeight()).isEqualTo(320);
		}
	}

	@Test
	void aPrivateFileReachesOnlyTheTwoPartiesAndStaysOutOfOthersHistory() {
		try (Client alice = client("alice"); Client bob = client("bob"); Client carol = client("carol")) {
			String fileId = http().uploaded(alice.ticket(), "notes.pdf", "application/pdf", "%PDF-1.4 x".getBytes())
				.path("fileId")
				.asString();
			alice.sendPrivateFile(bob.name(), fileId, "");
			JsonNode received = bob.stomp().privateInbox().next(message -> message.has("file"));
			assertThat(received.path("file").path("name").asString()).isEqualTo("notes.pdf");
			assertThat(received.path("file").path("mediaType").asString()).isEqualTo("application/pdf");
			assertThat(received.path("file").path("thumbnailUrl").isNull()).isTrue();
			assertThat(received.path("content").asString()).isEmpty();
			assertThat(alice.stomp()
				.privateInbox()
				.next(message -> message.has("file"))
				.path("file")
				.path("id")
				.asString()).isEqualTo(fileId);

			alice.stomp().whisper(carol.name(), "after the private one");
			assertThat(carol.stomp()
				.privateInbox()
				.before(message -> "after the private one".equals(message.path("content").asString("")))).isEmpty();
			JsonNode carolsHistory = carol.stomp().request("/app/history");
			carolsHistory
				.forEach(message -> assertThat(message.path("file").path("id").asString("")).isNotEqualTo(fileId));
			JsonNode bobsHistory = bob.stomp().request("/app/history");
			assertThat(all(bobsHistory))
				.anyMatch(message -> fileId.equals(message.path("file").path("id").asString("")));

			HttpResponse<byte[]> download = http().get(received.path("file").path("url").asString());
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
			assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
			assertThat(new String(download.body(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 x");
		}
	}

	@Test
	void aTicketIsRefusedWithoutAConnectionAndSixtySecondsAfterItsConnectionClosed() {
		Client alice = client("alice");
		assertRefused(http().upload(null, "a.txt", "text/plain", "a".getBytes()), 401, "wrong-credentials");
		assertRefused(http().upload("made-up", "a.txt", "text/plain", "a".getBytes()), 401, "wrong-credentials");
		alice.close();
		alice.stomp().awaitClosed();
		// its close is handled when the server has announced the leave
		try (Client watcher = client("watcher")) {
			http().uploaded(alice.ticket(), "a.txt", "text/plain", "still in the grace period".getBytes());
			clock.advance(HttpTickets.GRACE);
			assertRefused(http().upload(alice.ticket(), "a.txt", "text/plain", "a".getBytes()), 401,
					"wrong-credentials");
			assertThat(http().uploaded(watcher.ticket(), "b.txt", "text/plain", "b".getBytes()).path("size").asLong())
				.isEqualTo(1);
		}
	}

	@Test
	void anOversizeUploadIsRefusedAndNothingIsKept() {
		try (Client alice = client("alice")) {
			byte[] tooLarge = new byte[2 * 1024 * 1024 + 1];
			assertRefused(http().upload(alice.ticket(), "big.bin", "application/octet-stream", tooLarge), 413,
					"file-too-large");
			byte[] justRight = new byte[2 * 1024 * 1024];
			assertThat(http().uploaded(alice.ticket(), "ok.bin", "application/octet-stream", justRight)
				.path("size")
				.asLong()).isEqualTo(justRight.length);
		}
	}

	@Test
	void aFileIsSentOnceByItsUploaderWithinTheHour() {
		try (Client alice = client("alice"); Client bob = client("bob")) {
			String fileId = http().uploaded(alice.ticket(), "a.txt", "text/plain", "a".getBytes())
				.path("fileId")
				.asString();
			bob.sendFile(fileId, "not mine");
			assertFileMissing(bob);

			alice.sendFile(fileId, "first");
			alice.nextFile(alice.name());
			alice.sendFile(fileId, "again");
			assertFileMissing(alice);

			String late = http().uploaded(alice.ticket(), "b.txt", "text/plain", "b".getBytes())
				.path("fileId")
				.asString();
			clock.advance(FileService.SEND_WITHIN.plusSeconds(1));
			alice.sendFile(late, "too late");
			assertFileMissing(alice);
			alice.sendFile("no-such-file", "made up");
			assertFileMissing(alice);
		}
	}

	@Test
	void unsentUploadsAreDeletedAfterTheHourAndSentOnesStay() {
		try (Client alice = client("alice"); Client bob = client("bob")) {
			String sent = http().uploaded(alice.ticket(), "kept.txt", "text/plain", "kept".getBytes())
				.path("fileId")
				.asString();
			http().uploaded(alice.ticket(), "unsent.txt", "text/plain", "unsent bytes".getBytes());
			alice.sendFile(sent, "");
			String url = bob.nextFile(alice.name()).path("file").path("url").asString();
			long before = sweeper.blobsOnDisk();
			clock.advance(FileService.SEND_WITHIN.plusMinutes(1));
			sweeper.sweep();
			assertThat(sweeper.blobsOnDisk()).isLessThan(before);
			assertThat(http().get(url).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void unknownAndRemovedFilesGetTheSame404() {
		try (Client alice = client("alice"); Client bob = client("bob")) {
			String fileId = http().uploaded(alice.ticket(), "gone.txt", "text/plain", "soon gone".getBytes())
				.path("fileId")
				.asString();
			alice.sendFile(fileId, "");
			JsonNode message = bob.nextFile(alice.name());
			String url = message.path("file").path("url").asString();
			HttpResponse<byte[]> neverExisted = http().get("/files/AAAAAAAAAAAAAAAAAAAAAAAA/gone.txt");
			assertThat(http().get(url).statusCode()).isEqualTo(200);

			try (StompTestClient moderator = connect(name("mod")).listen()) {
				moderator.say("/op test-moderator-secret");
				moderator.systemReply("moderator");
				moderator.say("/clear " + message.path("id").asLong());
				bob.stomp().publicInbox().next(notice -> notice.path("content").asString("").contains("was removed"));
			}
			HttpResponse<byte[]> removed = http().get(url);
			assertThat(removed.statusCode()).isEqualTo(404);
			assertThat(neverExisted.statusCode()).isEqualTo(404);
			assertThat(removed.body()).isEqualTo(neverExisted.body());
			assertThat(removed.headers().map().keySet()).isEqualTo(neverExisted.headers().map().keySet());
			long before = sweeper.blobsOnDisk();
			clock.advance(FileSweeper.CLAIM_GRACE.plusSeconds(1));
			sweeper.sweep();
			assertThat(sweeper.blobsOnDisk()).isLessThan(before);
		}
	}

	@Test
	void aBanEndsTheBannedPersonsUploadsAtOnceThoughTheirTicketHasAGracePeriod() {
		try (Client alice = client("alice"); StompTestClient moderator = connect(name("mod")).listen()) {
			assertThat(http().upload(alice.ticket(), "before.txt", "text/plain", "fine".getBytes()).statusCode())
				.isEqualTo(201);
			moderator.say("/op test-moderator-secret");
			moderator.systemReply("moderator");
			moderator.say("/ban " + alice.name());
			alice.stomp().awaitClosed();

			HttpResponse<byte[]> refused = http().upload(alice.ticket(), "after.txt", "text/plain", "no".getBytes());
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(Http.json(refused).path("code").asString()).isEqualTo("banned");
		}
	}

	@Test
	void rangeRequestsGetThePartAskedFor() {
		try (Client alice = client("alice"); Client bob = client("bob")) {
			byte[] content = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
			String fileId = http().uploaded(alice.ticket(), "r.bin", "application/octet-stream", content)
				.path("fileId")
				.asString();
			alice.sendFile(fileId, "");
			String url = bob.nextFile(alice.name()).path("file").path("url").asString();
			HttpResponse<byte[]> part = http().get(url, "Range", "bytes=5-9");
			assertThat(part.statusCode()).isEqualTo(206);
			assertThat(new String(part.body(), StandardCharsets.US_ASCII)).isEqualTo("56789");
			assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 5-9/20");
			HttpResponse<byte[]> cached = http().get(url, "If-None-Match", "\"" + fileId + "\"");
			assertThat(cached.statusCode()).isEqualTo(304);
		}
	}

	@Test
	void aBackupHoldsTheFilesBesideTheDatabaseAndRestoresByUnzipping(
			@org.junit.jupiter.api.io.TempDir java.nio.file.Path restored) throws Exception {
		try (Client alice = client("alice"); Client bob = client("bob")) {
			String fileId = http().uploaded(alice.ticket(), "backed-up.txt", "text/plain", "in the backup".getBytes())
				.path("fileId")
				.asString();
			alice.sendFile(fileId, "");
			bob.nextFile(alice.name());
			HttpResponse<byte[]> backup = http()
				.send(java.net.http.HttpRequest.newBuilder(http().uri("/actuator/backup"))
					.header("Content-Type", "application/json")
					.POST(java.net.http.HttpRequest.BodyPublishers.noBody())
					.build());
			assertThat(backup.statusCode()).isEqualTo(200);
			java.nio.file.Path zip = java.nio.file.Path.of(lanchat.support.Http.json(backup).path("file").asString());
			try (java.nio.file.FileSystem archive = java.nio.file.FileSystems.newFileSystem(zip)) {
				try (var entries = java.nio.file.Files.walk(archive.getPath("/"))) {
					for (java.nio.file.Path entry : entries.filter(java.nio.file.Files::isRegularFile).toList()) {
						java.nio.file.Path target = restored.resolve(entry.toString().substring(1));
						java.nio.file.Files.createDirectories(target.getParent());
						java.nio.file.Files.copy(entry, target);
					}
				}
			}
			String hash;
			try (var db = java.sql.DriverManager.getConnection("jdbc:h2:file:" + restored.resolve("lanchat"), "sa", "");
					var query = db
						.prepareStatement("SELECT u.content_hash FROM upload u JOIN message m ON m.file_id = u.id"
								+ " WHERE u.id = ?")) {
				query.setString(1, fileId);
				var row = query.executeQuery();
				assertThat(row.next()).isTrue();
				hash = row.getString(1);
			}
			assertThat(java.nio.file.Files
				.readString(restored.resolve("files/blobs/" + hash.substring(0, 2) + "/" + hash)))
				.isEqualTo("in the backup");
		}
	}

	private static void assertFileMissing(Client client) {
		JsonNode reply = client.stomp().systemInbox().next(message -> message.has("code"));
		assertThat(reply.path("code").asString()).isEqualTo("file-missing");
	}

	static void assertRefused(HttpResponse<byte[]> response, int status, String code) {
		assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(status);
		JsonNode body = lanchat.support.Http.json(response);
		assertThat(body.path("code").asString()).isEqualTo(code);
		assertThat(body.path("message").asString()).isNotBlank();
	}

	static List<JsonNode> all(JsonNode page) {
		List<JsonNode> all = new java.util.ArrayList<>();
		page.forEach(all::add);
		return all;
	}

	static byte[] concat(byte[]... parts) {
		return Arrays.stream(parts).reduce(new byte[0], (a, b) -> {
			byte[] joined = Arrays.copyOf(a, a.length + b.length);
			System.arraycopy(b, 0, joined, a.length, b.length);
			return joined;
		});
	}

}
