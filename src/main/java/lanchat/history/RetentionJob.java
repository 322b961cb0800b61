package lanchat.history;

import java.time.Clock;
import java.time.Duration;

import lanchat.LanchatProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps history within {@code lanchat.history.retention-days} and
 * {@code lanchat.history.max-messages}.
 */
@Component
class RetentionJob {

	private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

	private final HistoryStore store;

	private final MessageJournal journal;

	private final LanchatProperties.History settings;

	private final Clock clock;

	RetentionJob(HistoryStore store, MessageJournal journal, LanchatProperties properties, Clock clock) {
		this.store = store;
		this.journal = journal;
		this.settings = properties.history();
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${lanchat.history.retention-check:PT1M}",
			fixedDelayString = "${lanchat.history.retention-check:PT10M}")
	void enforce() {
		if (settings.retentionDays() == 0 && settings.maxMessages() == 0) {
			return;
		}
		// the journal must not hold a message this deletes: after a crash it would write
		// it back
		if (!journal.checkpoint()) {
			log.warn("Retention waits: the message journal could not be cut back first");
			return;
		}
		int expired = settings.retentionDays() > 0
				? store.deleteOlderThan(clock.instant().minus(Duration.ofDays(settings.retentionDays()))) : 0;
		int overflow = settings.maxMessages() > 0 ? store.deleteBeyond(settings.maxMessages()) : 0;
		if (expired + overflow > 0) {
			log.info("Retention removed {} messages older than {} days and {} beyond the newest {}", expired,
					settings.retentionDays(), overflow, settings.maxMessages());
		}
	}

}
