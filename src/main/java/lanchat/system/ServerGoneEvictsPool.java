package lanchat.system;

import java.sql.SQLException;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * When one pooled connection finds the database server gone (restarted, failed over),
 * every connection opened before is just as dead: they are all dropped at once, so that
 * after a PostgreSQL restart each pooled connection does not fail one more send or
 * CONNECT before the pool notices. Hikari alone evicts only the one that failed.
 */
@Component
class ServerGoneEvictsPool implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(ServerGoneEvictsPool.class);

	/**
	 * Connection failures (08...) and the server shutting down or restarting
	 * (57P01-57P03).
	 */
	private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && pool.getExceptionOverride() == null
				&& pool.getExceptionOverrideClassName() == null) {
			pool.setExceptionOverride(new EvictAllWhenGone(pool));
		}
		return bean;
	}

	private record EvictAllWhenGone(HikariDataSource pool) implements SQLExceptionOverride {

		@java.lang.Override // spelled out: Override alone is
							// SQLExceptionOverride.Override here
		public Override adjudicate(SQLException failure) {
			if (serverGone(failure.getSQLState())) {
				HikariPoolMXBean running = pool.getHikariPoolMXBean();
				if (running != null) {
					log.warn("The database server went away ({}): dropping every pooled connection",
							failure.getSQLState());
					running.softEvictConnections();
				}
			}
			return Override.CONTINUE_EVICT;
		}

		private static boolean serverGone(@Nullable String state) {
			return state != null && (state.startsWith("08") || SERVER_GONE.contains(state));
		}

	}

}
