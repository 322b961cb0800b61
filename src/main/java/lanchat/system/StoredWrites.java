package lanchat.system;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code WRITE_DELAY=0}'s promise for every write the server makes, once the
 * message journal has let H2 write its file only every so often
 * ({@link H2File#storeEvery}): a pooled connection that wrote anything (a newcomer, a
 * ban, a device, a moderator hiding a message) has H2 write every change to the file as
 * it is handed back, which is after its commit, just as each commit did before. Writes
 * made inside {@link #keptElsewhere} wait for the next timed write: the history writer's,
 * whose messages the journal keeps.
 * <p>
 * Commits then leave the file alone because H2's auto-commit delay is negative: H2 then
 * writes at a commit only when its unsaved changes outgrow its buffer, and never starts
 * its own background writer, whose chunk pipeline is where H2 failed an assertion in CI
 * ({@link H2File}). Only an embedded H2 database whose URL says {@code WRITE_DELAY=0} is
 * wrapped; while H2 writes at every commit anyway, a connection handed back costs one
 * look at the store's setting. H2 sets that setting back to the URL's
 * {@code WRITE_DELAY=0} whenever the pool opens a new connection (Hikari renews each
 * within 30 minutes), so each connection lent out sets it again.
 */
@Component
public class StoredWrites implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(StoredWrites.class);

	/** Statements that only read: they leave nothing to write. */
	private static final Set<String> READS = Set.of("SELECT", "VALUES", "TABLE", "EXPLAIN", "SHOW");

	/**
	 * H2's auto-commit delay that has commits leave the file alone, without a background
	 * writer either: the file is written when asked ({@link H2File#storeNow}).
	 */
	static final int WRITES_WHEN_ASKED = -1;

	private final ThreadLocal<Boolean> keeping = ThreadLocal.withInitial(() -> Boolean.FALSE);

	private volatile boolean wrapped;

	/**
	 * H2's auto-commit delay for every connection lent out: {@link #WRITES_WHEN_ASKED}, 0
	 * to write at every commit again, or none to leave the URL's.
	 */
	private volatile @Nullable Integer autoCommitDelay;

	/**
	 * Runs {@code writes} on this thread without H2 writing them to its file when their
	 * connection is handed back: the caller keeps them through a crash itself.
	 */
	public <T> T keptElsewhere(Supplier<T> writes) {
		Boolean before = keeping.get();
		keeping.set(Boolean.TRUE);
		try {
			return writes.get();
		}
		finally {
			keeping.set(before);
		}
	}

	/**
	 * Lets commits return without H2 writing its file, which {@link H2File#storeEvery}
	 * then has written once per {@code every}; every write but those
	 * {@link #keptElsewhere kept elsewhere} is still written when its connection is
	 * handed back. Zero: at every commit again.
	 * @return false when the database is not an embedded H2 database that this watches:
	 * then H2 goes on writing at every commit
	 */
	boolean writeFileEvery(Duration every) {
		if (!wrapped) {
			return false;
		}
		autoCommitDelay = every.isZero() ? 0 : WRITES_WHEN_ASKED;
		return true;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
				&& pool.getJdbcUrl().startsWith("jdbc:h2:") && !pool.getJdbcUrl().startsWith("jdbc:h2:mem:")) {
			if (!writesAtEveryCommit(pool.getJdbcUrl())) {
				log.info(
						"The H2 URL lets H2 write its file on its own (no WRITE_DELAY=0): the message journal is not used");
				return bean;
			}
			wrapped = true;
			return new Storing(pool);
		}
		return bean;
	}

	/**
	 * Whether an H2 URL has H2 write its file at every commit. Without that, every
	 * connection the pool opens would start H2's own background writer again, which the
	 * journal's timed writes keep away from.
	 */
	static boolean writesAtEveryCommit(String url) {
		for (String setting : url.split(";")) {
			String[] pair = setting.split("=", 2);
			if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("WRITE_DELAY")) {
				return pair[1].strip().equals("0");
			}
		}
		return false;
	}

	/** Whether a statement may change something: anything but a single read. */
	static boolean writes(@Nullable String sql) {
		if (sql == null) {
			return false;
		}
		String trimmed = sql.strip();
		int semicolon = trimmed.indexOf(';');
		if (semicolon >= 0 && semicolon < trimmed.length() - 1) {
			return true;
		}
		while (trimmed.startsWith("(")) {
			trimmed = trimmed.substring(1).stripLeading();
		}
		int end = 0;
		while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
			end++;
		}
		return !READS.contains(trimmed.substring(0, end).toUpperCase(Locale.ROOT));
	}

	private final class Storing extends DelegatingDataSource {

		Storing(DataSource pool) {
			super(pool);
		}

		@Override
		public Connection getConnection() throws SQLException {
			return watched(obtainTargetDataSource().getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return watched(obtainTargetDataSource().getConnection(username, password));
		}

		private Connection watched(Connection connection) throws SQLException {
			Integer delay = autoCommitDelay;
			if (delay != null) {
				MVStore store = H2File.fileStoreOf(connection);
				if (store != null && store.getAutoCommitDelay() != delay) {
					store.setAutoCommitDelay(delay);
				}
			}
			return (Connection) Proxy.newProxyInstance(StoredWrites.class.getClassLoader(),
					new Class<?>[] { Connection.class }, new ConnectionWatch(connection));
		}

	}

	/** Notes whether a connection wrote, and has H2 store it when it is handed back. */
	private final class ConnectionWatch implements InvocationHandler {

		private final Connection target;

		private boolean wrote;

		ConnectionWatch(Connection target) {
			this.target = target;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
			switch (method.getName()) {
				case "prepareStatement", "prepareCall" -> wrote |= writes((String) args[0]);
				case "createStatement" -> {
					Statement statement = (Statement) forward(target, method, args);
					return Proxy.newProxyInstance(StoredWrites.class.getClassLoader(),
							new Class<?>[] { Statement.class }, (p, m, a) -> {
								if (a != null && a.length > 0 && a[0] instanceof String sql
										&& (m.getName().startsWith("execute") || m.getName().equals("addBatch"))) {
									wrote |= writes(sql);
								}
								return forward(statement, m, a);
							});
				}
				case "close" -> {
					if (wrote && !keeping.get()) {
						store();
					}
					wrote = false;
				}
				case "equals" -> {
					return proxy == args[0];
				}
				case "hashCode" -> {
					return System.identityHashCode(proxy);
				}
				default -> {
				}
			}
			return forward(target, method, args);
		}

		/**
		 * Never keeps the connection from going back to the pool: says why and goes on.
		 */
		private void store() {
			try {
				MVStore store = target.isClosed() ? null : H2File.fileStoreOf(target);
				// this class's own setting too: a connection opened meanwhile has put the
				// URL's 0 back, after this one's commit left the file alone
				Integer delay = autoCommitDelay;
				if (store != null && (delay != null && delay != 0 || store.getAutoCommitDelay() != 0)) {
					store.commit();
				}
			}
			catch (SQLException | RuntimeException ex) {
				log.warn("H2 could not write a change to its file now: {}", ex.toString());
			}
		}

	}

	private static @Nullable Object forward(Object target, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
