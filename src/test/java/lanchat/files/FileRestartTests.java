package lanchat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import lanchat.support.Http;
import lanchat.support.ChildServer;
import lanchat.support.ServerProcess;
import lanchat.support.StompTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real process with a 256 MB heap: a 2 GiB upload goes through (it is never held in
 * memory), and files and their messages survive a SIGTERM and a {@code kill -9} in the
 * middle of another upload, whose partial file is never served and is deleted on the next
 * start.
 */
class FileRestartTests {

	/** Room for the huge upload. */
	private static final String SETTINGS = "--lanchat.files.max-bytes=3GB";

	private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;

	@RegisterExtension
	final ChildServer server = new ChildServer();

	@Test
	void aHugeUploadFitsASmallHeapAndFilesSurviveSigtermAndKillMinusNine(@TempDir Path folder) throws Exception {
		Path data = folder.resolve("data");
		ServerProcess.Running first = ServerProcess.startOnFreePort(data, folder, folder.resolve("server.log"), "256m",
				SETTINGS);
		server.track(first.process());
		int port = first.port();
		Http http = new Http(port);

		var identity = StompTestClient.headers("alice");
		String url;
		String thumbnailUrl;
		try (StompTestClient alice = StompTestClient.connect(port, identity).listen()) {
			identity.add("token", alice.sessionInfo().path("token").asString());
			String ticket = alice.sessionInfo().path("http").asString();
			HttpResponse<byte[]> huge = http.send(uploadRequest(http, ticket, "huge.bin", TWO_GIB, null));
			assertThat(huge.statusCode()).as(new String(huge.body(), StandardCharsets.UTF_8)).isEqualTo(201);
			assertThat(Http.json(huge).path("size").asLong()).isEqualTo(TWO_GIB);
			alice.send("/app/chat.send", FilesIntegrationTest.fileMessage("message",
					Http.json(huge).path("fileId").asString(), "big", null));
			url = alice.publicInbox().next(message -> message.has("file")).path("file").path("url").asString();

			JsonNode photo = http.uploaded(ticket, "photo.png", "image/png", FilesIntegrationTest.png(640, 480));
			alice.send("/app/chat.send",
					FilesIntegrationTest.fileMessage("message", photo.path("fileId").asString(), "", null));
			thumbnailUrl = alice.publicInbox()
				.next(message -> message.path("file").path("name").asString("").equals("photo.png"))
				.path("file")
				.path("thumbnailUrl")
				.asString();
		}

		server.process().destroy();
		assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
		start(port, data, folder);
		assertServed(http, url, thumbnailUrl);

		try (StompTestClient alice = StompTestClient.connect(port, identity).listen()) {
			String ticket = alice.sessionInfo().path("http").asString();
			CountDownLatch killed = new CountDownLatch(1);
			CompletableFuture<HttpResponse<byte[]>> cut = HttpClient.newHttpClient()
				.sendAsync(uploadRequest(http, ticket, "cut.bin", TWO_GIB, killed),
						HttpResponse.BodyHandlers.ofByteArray());
			awaitPartialUpload(data);
			server.process().destroyForcibly();
			assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
			killed.countDown();
			cut.handle((response, failure) -> null).get(20, TimeUnit.SECONDS);
		}
		assertThat(partials(data)).isNotEmpty();
		start(port, data, folder);
		assertThat(partials(data)).isEmpty();
		assertServed(http, url, thumbnailUrl);
		try (StompTestClient alice = StompTestClient.connect(port, identity).listen()) {
			List<String> files = FileSharingTests.all(alice.request("/app/history"))
				.stream()
				.map(message -> message.path("file").path("name").asString(""))
				.toList();
			assertThat(files).containsExactly("huge.bin", "photo.png");
		}
	}

	private static void assertServed(Http http, String url, String thumbnailUrl) {
		HttpResponse<byte[]> head = http.get(url, "Range", "bytes=0-15");
		assertThat(head.statusCode()).isEqualTo(206);
		assertThat(head.headers().firstValue("Content-Range")).hasValue("bytes 0-15/" + TWO_GIB);
		assertThat(http.get(thumbnailUrl).statusCode()).isEqualTo(200);
	}

	/**
	 * A multipart body of {@code size} bytes generated as it is sent; with
	 * {@code stallUntil}, the upload stalls part-way until it opens, then fails.
	 */
	private static HttpRequest uploadRequest(Http http, String ticket, String filename, long size,
			@Nullable CountDownLatch stallUntil) {
		String boundary = "----lanchatRestart";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		return HttpRequest.newBuilder(http.uri("/api/files"))
			.header("Authorization", "Bearer " + ticket)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.timeout(Duration.ofMinutes(5))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
					java.util.Collections.enumeration(List.of(new java.io.ByteArrayInputStream(head),
							new Pattern(size, stallUntil), new java.io.ByteArrayInputStream(tail))))))
			.build();
	}

	/**
	 * Waits until the server has written more than 1 MiB of an upload to its incoming
	 * folder, woken by the file system's notices of changes to it.
	 */
	private static void awaitPartialUpload(Path data) throws Exception {
		Path incoming = data.resolve("files").resolve("incoming");
		try (WatchService changes = incoming.getFileSystem().newWatchService()) {
			incoming.register(changes, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (true) {
				for (Path partial : partials(data)) {
					if (Files.size(partial) > 1024 * 1024) {
						return;
					}
				}
				WatchKey changed = changes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (changed == null) {
					throw new AssertionError("no upload under way: nothing over 1 MiB in " + incoming);
				}
				changed.pollEvents();
				changed.reset();
			}
		}
	}

	private static List<Path> partials(Path data) throws IOException {
		try (Stream<Path> files = Files.list(data.resolve("files").resolve("incoming"))) {
			return files.toList();
		}
	}

	private void start(int port, Path data, Path folder) throws Exception {
		server.track(ServerProcess.start(port, data, folder, folder.resolve("server.log"), "256m", SETTINGS));
	}

	/**
	 * {@code size} bytes of a repeating pattern, made as they are read. With
	 * {@code stallUntil}, reading stops after {@value #STALL_AFTER} bytes, as a client
	 * whose connection stalled, until it opens; then the read fails, cutting the upload.
	 */
	private static final class Pattern extends InputStream {

		/**
		 * Far more than the server needs to have written a partial file of over 1 MiB.
		 */
		private static final long STALL_AFTER = 8L * 1024 * 1024;

		private final @Nullable CountDownLatch stallUntil;

		private final long size;

		private long left;

		Pattern(long size, @Nullable CountDownLatch stallUntil) {
			this.size = size;
			this.left = size;
			this.stallUntil = stallUntil;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (left == 0) {
				return -1;
			}
			if (stallUntil != null && size - left >= STALL_AFTER) {
				stall(stallUntil);
			}
			int n = (int) Math.min(left, length);
			Arrays.fill(buffer, offset, offset + n, (byte) (left % 251));
			left -= n;
			return n;
		}

		private static void stall(CountDownLatch until) throws IOException {
			try {
				// bounded, so that a test that failed before opening it leaves no thread
				// behind for long
				until.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IOException("the upload was cut part-way");
		}

	}

}
