package lanchat.cluster;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import lanchat.files.HttpTickets;
import lanchat.identity.ChatUser;
import lanchat.support.FreshSchema;
import lanchat.support.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP tickets in a real PostgreSQL, as the nodes of a cluster share them.
 */
class SharedTicketStoreTests {

	private static final EmbeddedPostgres POSTGRES = start();

	private static final ChatUser ALICE = new ChatUser(1, "alice");

	private final DataSource dataSource = POSTGRES.getPostgresDatabase();

	private final JdbcClient jdbc = JdbcClient.create(dataSource);

	private final MutableClock clock = new MutableClock();

	private final ClusterProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
		.bindOrCreate("lanchat.cluster", ClusterProperties.class);

	@BeforeEach
	void emptyDatabase() {
		FreshSchema.migrate(dataSource);
		jdbc.sql(
				"INSERT INTO identity (id, name, name_key, created_at, last_seen_at) VALUES (1, 'alice', 'alice', ?, ?)")
			.params(clock.instant().atOffset(ZoneOffset.UTC), clock.instant().atOffset(ZoneOffset.UTC))
			.update();
	}

	@AfterAll
	static void stop() throws IOException {
		POSTGRES.close();
	}

	@Test
	void aNodeStartedAgainUnderItsNameClosesTheTicketsOfItsFormerConnections() {
		SharedTicketStore formerA = store("a");
		formerA.issued("former-a", ALICE);
		store("b").issued("on-b", ALICE);
		// a is killed and started again under its name before the others take it for
		// dead: they hear its heart-beats again and never close its former tickets
		SharedTicketStore a = store("a");
		a.issued("new-a", ALICE);
		Instant afterGrace = clock.instant().plus(HttpTickets.GRACE).plusSeconds(1);
		assertThat(a.find("former-a", afterGrace, HttpTickets.GRACE)).isEmpty();
		assertThat(a.find("new-a", afterGrace, HttpTickets.GRACE)).contains(ALICE);
		assertThat(a.find("on-b", afterGrace, HttpTickets.GRACE)).contains(ALICE);
	}

	private SharedTicketStore store(String node) {
		ClusterRoster roster = new ClusterRoster(node, event -> {
		}, null, connection -> "10.0.0.1", properties, null, clock);
		return new SharedTicketStore(jdbc, node, roster, clock, properties);
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
