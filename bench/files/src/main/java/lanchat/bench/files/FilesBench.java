package lanchat.bench.files;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads and downloads one large file (500 MiB by default) through lanchat and compares it with
 * {@code cp} on the same disk and with {@link MultipartBaselineApp}; samples each server's heap with
 * {@code jstat} while it works. Everything runs on 127.0.0.1 and stops by itself.
 * <p>
 * Arguments: {@code <product jar> <work dir> <classpath of this module> [size in MiB] [runs]}.
 */
public final class FilesBench {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private FilesBench() {
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args[0]);
		Path work = Files.createDirectories(Path.of(args[1]));
		String classpath = args[2];
		long size = (args.length > 3 ? Long.parseLong(args[3]) : 500) * 1024 * 1024;
		int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
		Path source = work.resolve("source.bin");
		write(source, size);
		List<String> rows = new ArrayList<>();

		List<Double> cp = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			Path copy = work.resolve("copy.bin");
			long started = System.nanoTime();
			run("cp", source.toString(), copy.toString());
			cp.add(mbps(size, System.nanoTime() - started));
			Files.delete(copy);
		}
		rows.add(row("cp (same disk)", cp, null));

		int port = freePort();
		Process product = start(work, "product", List.of("java", "-Xmx256m", "-jar", jar.toString(),
				"--server.port=" + port, "--lanchat.data-dir=" + work.resolve("product-data"), "--lanchat.tcp.enabled=false",
				"--lanchat.files.max-bytes=" + (size + (1 << 20)), "--lanchat.files.uploads-per-minute=1000"), port);
		try {
			Stomp stomp = Stomp.connect(port, "bench");
			String ticket = stomp.ticket();
			List<Double> up = new ArrayList<>();
			List<Double> down = new ArrayList<>();
			Heap upHeap = new Heap(product.pid());
			Heap downHeap = new Heap(product.pid());
			for (int i = 0; i < runs; i++) {
				upHeap.start();
				long started = System.nanoTime();
				HttpResponse<String> answer = upload("http://127.0.0.1:" + port + "/api/files", ticket, source, size);
				up.add(mbps(size, System.nanoTime() - started));
				upHeap.stop();
				Matcher id = Pattern.compile("\"fileId\":\"([^\"]+)\"").matcher(answer.body());
				if (answer.statusCode() != 201 || !id.find()) {
					throw new IllegalStateException("upload answered " + answer.statusCode() + ": " + answer.body());
				}
				String url = stomp.sendFile(id.group(1));
				Path downloaded = work.resolve("downloaded.bin");
				downHeap.start();
				started = System.nanoTime();
				HttpResponse<Path> file = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url)).build(),
						HttpResponse.BodyHandlers.ofFile(downloaded));
				down.add(mbps(size, System.nanoTime() - started));
				downHeap.stop();
				if (file.statusCode() != 200 || Files.size(downloaded) != size) {
					throw new IllegalStateException("download answered " + file.statusCode());
				}
				Files.delete(downloaded);
			}
			stomp.close();
			rows.add(row("lanchat upload (POST /api/files)", up, upHeap));
			rows.add(row("lanchat download (GET /files/...)", down, downHeap));
		}
		finally {
			stop(product);
		}

		port = freePort();
		Process baseline = start(work, "baseline", List.of("java", "-Xmx256m", "-Dbench.store=" + work.resolve("baseline-store"),
				"-cp", classpath, MultipartBaselineApp.class.getName(), "--server.port=" + port,
				"--spring.servlet.multipart.max-file-size=-1", "--spring.servlet.multipart.max-request-size=-1",
				"--spring.servlet.multipart.location=" + Files.createDirectories(work.resolve("baseline-tmp"))), port);
		try {
			List<Double> up = new ArrayList<>();
			Heap heap = new Heap(baseline.pid());
			for (int i = 0; i < runs; i++) {
				heap.start();
				long started = System.nanoTime();
				HttpResponse<String> answer = upload("http://127.0.0.1:" + port + "/upload", null, source, size);
				up.add(mbps(size, System.nanoTime() - started));
				heap.stop();
				if (answer.statusCode() != 200) {
					throw new IllegalStateException("baseline answered " + answer.statusCode() + ": " + answer.body());
				}
			}
			rows.add(row("Spring MultipartFile upload", up, heap));
		}
		finally {
			stop(baseline);
		}

		String report = String.format(Locale.ROOT, "%d MiB, %d runs each (median, min-max), %s%n", size >> 20, runs,
				Instant.now()) + String.format(Locale.ROOT, "%-36s %10s %16s %24s%n", "what", "MB/s", "range", "heap used (start -> peak)")
				+ String.join("\n", rows);
		System.out.println(report);
		Files.writeString(work.resolve("files-bench.txt"), report + "\n");
	}

	private static HttpResponse<String> upload(String url, String ticket, Path source, long size) throws Exception {
		String boundary = "----bench" + System.nanoTime();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		long length = head.length + size + tail.length;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.timeout(Duration.ofMinutes(10))
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
				try {
					return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head),
							Files.newInputStream(source), new ByteArrayInputStream(tail))));
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}), length));
		if (ticket != null) {
			request.header("Authorization", "Bearer " + ticket);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String row(String what, List<Double> mbps, Heap heap) {
		List<Double> sorted = new ArrayList<>(mbps);
		Collections.sort(sorted);
		return String.format(Locale.ROOT, "%-36s %10.0f %16s %24s", what, sorted.get(sorted.size() / 2),
				String.format(Locale.ROOT, "%.0f-%.0f", sorted.get(0), sorted.get(sorted.size() - 1)),
				heap == null ? "" : heap.describe());
	}

	private static double mbps(long bytes, long nanos) {
		return bytes / 1e6 / (nanos / 1e9);
	}

	private static void write(Path file, long size) throws IOException {
		if (Files.exists(file) && Files.size(file) == size) {
			return;
		}
		Random random = new Random(42);
		byte[] block = new byte[1 << 20];
		try (OutputStream out = Files.newOutputStream(file)) {
			for (long left = size; left > 0; left -= block.length) {
				random.nextBytes(block);
				out.write(block, 0, (int) Math.min(block.length, left));
			}
		}
	}

	private static Process start(Path work, String name, List<String> command, int port) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(work.resolve(name + ".log").toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			try (var socket = new java.net.Socket("127.0.0.1", port)) {
				Thread.sleep(1000);
				return process;
			}
			catch (IOException notYet) {
				if (!process.isAlive()) {
					throw new IllegalStateException(name + " died; see " + work.resolve(name + ".log"));
				}
				Thread.sleep(200);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException(name + " did not start");
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Heap in use (eden, survivors, old; from jstat every 100 ms) while one transfer runs. */
	private static final class Heap {

		private final long pid;

		private final AtomicLong peak = new AtomicLong();

		private long first = -1;

		private Process jstat;

		private Thread reader;

		Heap(long pid) {
			this.pid = pid;
		}

		void start() throws IOException {
			jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
			reader = new Thread(() -> {
				try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
					String header = lines.readLine();
					List<String> columns = List.of(header.trim().split("\\s+"));
					for (String line = lines.readLine(); line != null; line = lines.readLine()) {
						String[] values = line.trim().split("\\s+");
						double used = 0;
						for (String column : List.of("S0U", "S1U", "EU", "OU")) {
							used += Double.parseDouble(values[columns.indexOf(column)]);
						}
						long kib = (long) used;
						if (first < 0) {
							first = kib;
						}
						peak.accumulateAndGet(kib, Math::max);
					}
				}
				catch (IOException | RuntimeException ex) {
					// jstat ended
				}
			});
			reader.setDaemon(true);
			reader.start();
		}

		void stop() throws InterruptedException {
			jstat.destroy();
			reader.join(2000);
		}

		String describe() {
			return String.format(Locale.ROOT, "%d MB -> %d MB", first / 1024, peak.get() / 1024);
		}

	}

	/** Just enough STOMP over a WebSocket to get a ticket and send a file message. */
	private static final class Stomp implements WebSocket.Listener {

		private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		static Stomp connect(int port, String name) throws Exception {
			Stomp stomp = new Stomp();
			stomp.socket = HTTP.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), stomp)
				.get(10, TimeUnit.SECONDS);
			stomp.send("CONNECT\naccept-version:1.2\nhost:localhost\nusername:" + name + "\n\n");
			stomp.next("CONNECTED");
			stomp.send("SUBSCRIBE\nid:0\ndestination:/topic/public\n\n");
			return stomp;
		}

		String ticket() throws Exception {
			send("SUBSCRIBE\nid:1\ndestination:/app/session\n\n");
			Matcher ticket = Pattern.compile("\"http\":\"([^\"]+)\"").matcher(next("\"http\""));
			ticket.find();
			return ticket.group(1);
		}

		String sendFile(String fileId) throws Exception {
			send("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n{\"type\":\"message\",\"fileId\":\""
					+ fileId + "\"}");
			Matcher url = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(next(fileId));
			url.find();
			return url.group(1);
		}

		void close() {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}

		private void send(String frame) throws Exception {
			socket.sendText(frame + "\0", true).get(10, TimeUnit.SECONDS);
		}

		private String next(String containing) throws Exception {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				String frame = frames.poll(100, TimeUnit.MILLISECONDS);
				if (frame != null && frame.contains(containing)) {
					return frame;
				}
			}
			throw new IllegalStateException("no frame with " + containing);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				frames.add(partial.toString());
				partial.setLength(0);
			}
			webSocket.request(1);
			return CompletableFuture.completedFuture(null);
		}

	}

}
