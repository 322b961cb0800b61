package lanchat.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import lanchat.LanchatProperties;
import lanchat.identity.ChatUser;
import lanchat.support.MutableClock;
import lanchat.support.FreshSchema;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The upload pipeline, the table and the sweep on each database lanchat supports (H2 and
 * a real PostgreSQL), with the real blob store in a temporary directory: limits while
 * streaming, shared storage for identical files, one claim per upload, and what the sweep
 * deletes.
 */
class FileStoreTests {

	private static EmbeddedPostgres postgres;

	@TempDir
	Path data;

	private final MutableClock clock = new MutableClock();

	private final ChatUser alice = new ChatUser(1, "alice");

	private JdbcClient jdbc;

	private FileRepository files;

	private BlobStore blobs;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgres" })
	void theLimitsHoldWhileStreamingAndNothingIsLeftOfARefusedUpload(String database) throws IOException {
		Uploads uploads = uploads(database,
				Map.of("lanchat.files.max-bytes", "1KB", "lanchat.files.max-total", "2500B"));
		assertThatThrownBy(() -> uploads.receive(bytes(1025), "big.bin", null, alice))
			.isInstanceOfSatisfying(UploadRefused.class, refused -> assertThat(refused.status()).isEqualTo(413));
		uploads.receive(bytes(1000), "a.bin", null, alice);
		uploads.receive(new ByteArrayInputStream(new byte[1000]), "b.bin", null, alice);
		assertThatThrownBy(() -> uploads.receive(new ByteArrayInputStream(new byte[1000]), "c.bin", null, alice))
			.isInstanceOfSatisfying(UploadRefused.class, refused -> assertThat(refused.status()).isEqualTo(507));
		assertThat(incoming()).isEmpty();
		assertThat(blobs.count()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgres" })
	void identicalFilesShareStorageButNotTheirIdsAndEachIsSentOnce(String database) throws IOException {
		Uploads uploads = uploads(database, Map.of());
		Uploads.Uploaded first = uploads.receive(bytes(5000), "one.bin", "application/zip", alice);
		Uploads.Uploaded second = uploads.receive(bytes(5000), "two.bin", "text/html; charset=utf-8", alice);
		assertThat(first.fileId()).isNotEqualTo(second.fileId());
		assertThat(first.mediaType()).isEqualTo("application/zip");
		assertThat(second.mediaType()).isEqualTo("text/html");
		assertThat(blobs.count()).isEqualTo(1);

		Instant now = clock.instant();
		assertThat(files.claim(first.fileId(), 2, now.minus(Duration.ofHours(1)), now)).isEmpty();
		assertThat(files.claim(first.fileId(), 1, now.minus(Duration.ofHours(1)), now)).isPresent();
		assertThat(files.claim(first.fileId(), 1, now.minus(Duration.ofHours(1)), now)).isEmpty();
		files.release(first.fileId());
		assertThat(files.claim(first.fileId(), 1, now.minus(Duration.ofHours(1)), now)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgres" })
	void theSweepDeletesUnsentUploadsAndFilesWhoseMessageIsGoneOrHidden(String database) throws IOException {
		Uploads uploads = uploads(database, Map.of());
		FileSweeper sweeper = new FileSweeper(files, blobs, clock);
		String unsent = uploads.receive(bytes(100), "unsent.bin", null, alice).fileId();
		String kept = uploads.receive(bytes(200), "kept.bin", null, alice).fileId();
		String hidden = uploads.receive(bytes(300), "hidden.bin", null, alice).fileId();
		String expired = uploads.receive(bytes(400), "expired.bin", null, alice).fileId();
		for (String id : List.of(kept, hidden, expired)) {
			files.claim(id, 1, clock.instant().minusSeconds(1), clock.instant());
			message(id, id.equals(hidden));
		}
		jdbc.sql("DELETE FROM message WHERE file_id = ?").param(expired).update();
		assertThat(files.servable(kept)).isPresent();
		assertThat(files.servable(hidden)).isEmpty();
		assertThat(files.servable(unsent)).isEmpty();

		sweeper.sweep();
		assertThat(blobs.count()).isEqualTo(4);
		clock.advance(FileService.SEND_WITHIN.plusSeconds(1));
		sweeper.sweep();
		assertThat(jdbc.sql("SELECT id FROM upload").query(String.class).list()).containsExactly(kept);
		assertThat(blobs.count()).isEqualTo(1);
		assertThat(files.servable(kept)).isPresent();
	}

	private Uploads uploads(String database, Map<String, String> settings) throws IOException {
		DataSource dataSource = "h2".equals(database) ? h2() : postgres.getPostgresDatabase();
		FreshSchema.migrate(dataSource);
		jdbc = JdbcClient.create(dataSource);
		jdbc.sql(
				"INSERT INTO identity (id, name, name_key, created_at, last_seen_at) VALUES (1, 'alice', 'alice', ?, ?)")
			.params(clock.instant().atOffset(ZoneOffset.UTC), clock.instant().atOffset(ZoneOffset.UTC))
			.update();
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("lanchat.data-dir", data.toString())));
		blobs = new BlobStore(binder.bind("lanchat", LanchatProperties.class).get());
		Map<String, String> all = new java.util.HashMap<>(Map.of("lanchat.files.min-free", "0B"));
		all.putAll(settings);
		FilesProperties properties = new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("lanchat.files",
				FilesProperties.class);
		files = new FileRepository(jdbc);
		return new Uploads(blobs, files, new ImageProcessor(blobs), properties, clock);
	}

	private void message(String fileId, boolean hidden) {
		jdbc.sql(
				"INSERT INTO message (type, sender_id, sender_name, content, action, created_at, delivered, hidden, file_id)"
						+ " VALUES ('message', 1, 'alice', '', FALSE, ?, TRUE, ?, ?)")
			.params(clock.instant().atOffset(ZoneOffset.UTC), hidden, fileId)
			.update();
	}

	private static DataSource h2() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:files" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		return dataSource;
	}

	private static InputStream bytes(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i % 7);
		}
		return new ByteArrayInputStream(bytes);
	}

	private List<Path> incoming() throws IOException {
		try (Stream<Path> left = Files.list(data.resolve("files").resolve("incoming"))) {
			return left.toList();
		}
	}

}
