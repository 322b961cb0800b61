package lanchat.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import lanchat.files.HttpTickets;
import lanchat.files.SharedTickets;
import lanchat.identity.ChatUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * HTTP tickets in PostgreSQL, so that an upload or a file request may reach any node:
 * written when a connection gets its ticket (once per connection), closed when it closes,
 * and closed for every connection of a node taken for dead. Only the SHA-256 of a ticket
 * is stored.
 */
@Component
@ClusterMode
class SharedTicketStore implements SharedTickets {

	private final JdbcClient jdbc;

	private final String me;

	private final Clock clock;

	private final ClusterRoster roster;

	private final ClusterProperties properties;

	@Autowired
	SharedTicketStore(JdbcClient jdbc, Node node, HttpTickets tickets, ClusterRoster roster, Clock clock,
			ClusterProperties properties) {
		this(jdbc, node.name(), roster, clock, properties);
		tickets.shareWith(this);
		roster.whenNodeDies(this::nodeDied);
	}

	SharedTicketStore(JdbcClient jdbc, String me, ClusterRoster roster, Clock clock, ClusterProperties properties) {
		this.jdbc = jdbc;
		this.me = me;
		this.clock = clock;
		this.roster = roster;
		this.properties = properties;
		// a node started again under its name (lanchat.cluster.node-name) before the
		// others took it for dead: its former self's connections are gone, and the
		// others, hearing its heart-beats again, would never close their tickets
		nodeDied(me);
	}

	@Override
	public void issued(String hash, ChatUser user) {
		jdbc.sql("INSERT INTO http_ticket (ticket_hash, identity_id, node, issued_at) VALUES (?, ?, ?, ?)")
			.params(hash, user.identityId(), me, utc(clock.instant()))
			.update();
	}

	@Override
	public void closed(String hash, Instant at) {
		jdbc.sql("UPDATE http_ticket SET closed_at = ? WHERE ticket_hash = ? AND closed_at IS NULL")
			.params(utc(at), hash)
			.update();
	}

	@Override
	public Optional<ChatUser> find(String hash, Instant now, Duration grace) {
		return jdbc
			.sql("SELECT i.id, i.name FROM http_ticket t JOIN identity i ON i.id = t.identity_id"
					+ " WHERE t.ticket_hash = ? AND (t.closed_at IS NULL OR t.closed_at > ?)")
			.params(hash, utc(now.minus(grace)))
			.query((rs, row) -> new ChatUser(rs.getLong(1), rs.getString(2)))
			.optional();
	}

	private void nodeDied(String node) {
		jdbc.sql("UPDATE http_ticket SET closed_at = ? WHERE node = ? AND closed_at IS NULL")
			.params(utc(clock.instant()), node)
			.update();
	}

	/**
	 * Forgets expired tickets, and closes those of nodes no one knows of any more (a
	 * whole cluster stopped at once, so no node saw the others die); a node's tickets
	 * younger than a few heart-beats are left alone, in case that node has only just
	 * started.
	 */
	@Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
	void sweep() {
		Instant now = clock.instant();
		jdbc.sql("DELETE FROM http_ticket WHERE closed_at < ?").param(utc(now.minus(HttpTickets.GRACE))).update();
		Set<String> live = roster.liveNodes();
		Instant settled = now.minus(properties.deadAfter().multipliedBy(3));
		jdbc.sql("SELECT DISTINCT node FROM http_ticket WHERE closed_at IS NULL AND issued_at < ?")
			.param(utc(settled))
			.query(String.class)
			.list()
			.stream()
			.filter(node -> !live.contains(node))
			.forEach(this::nodeDied);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
