package lanchat.cluster;

import java.util.function.Supplier;

import lanchat.files.FilesProperties;
import lanchat.files.SharedStorage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stored files in one directory that every node shares ({@code lanchat.files.dir}, e.g.
 * an NFS mount): files stay files (served with {@code Range} and the kernel's own
 * copying, backed up as they are), and PostgreSQL holds only their rows. Storing a file
 * and sweeping unreferenced ones exclude each other across nodes through a PostgreSQL
 * advisory lock, held by the transaction that writes the row (or reads the references).
 */
@Component
@ClusterMode
class SharedFileLock implements SharedStorage {

	/** Any fixed number: the advisory lock of lanchat's file store. */
	private static final long LOCK = 0x6c616e6368617466L;

	private final Node node;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	SharedFileLock(Node node, JdbcTemplate jdbc, TransactionTemplate transactions, FilesProperties files) {
		if (files.dir() == null) {
			throw new ClusterRefused("cluster mode needs lanchat.files.dir, a directory every node shares"
					+ " (each node's own data directory would hide its files from the others)");
		}
		this.node = node;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public String incomingName() {
		return node.name();
	}

	@Override
	public <T> T exclusively(Supplier<T> work) {
		return transactions.execute(status -> {
			jdbc.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
			return work.get();
		});
	}

}
