package lanchat.history;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Writes back, with their ids, the messages the message journal kept and H2's file lost
 * in a crash; the id column then goes on after the newest of them.
 */
final class LostMessages {

	private static final Logger log = LoggerFactory.getLogger(LostMessages.class);

	private static final int BATCH = 500;

	private LostMessages() {
	}

	/**
	 * Writes the rows back in id order, in batches; returns how many the table took.
	 * @param lost at least one row, oldest first
	 */
	static int writeBack(HistoryStore store, List<MessageRow> lost) {
		int written = 0;
		for (int from = 0; from < lost.size(); from += BATCH) {
			written += insertBatch(store, lost.subList(from, Math.min(lost.size(), from + BATCH)));
		}
		store.idsAfter(lost.get(lost.size() - 1).id());
		return written;
	}

	/**
	 * One batch; a row the table refuses alone is tried without its file (the file was
	 * removed since), then left out.
	 */
	private static int insertBatch(HistoryStore store, List<MessageRow> rows) {
		try {
			store.insertRows(rows);
			return rows.size();
		}
		catch (DataAccessException batchRefused) {
			int written = 0;
			for (MessageRow row : rows) {
				if (insertedAlone(store, row) || (row.fileId() != null && insertedAlone(store, row.withoutFile()))) {
					written++;
				}
				else {
					log.warn("History: message {} from the journal could not be written back", row.id());
				}
			}
			return written;
		}
	}

	private static boolean insertedAlone(HistoryStore store, MessageRow row) {
		try {
			store.insertRows(List.of(row));
			return true;
		}
		catch (DataAccessException refused) {
			log.debug("History: message {} refused: {}", row.id(), refused.getMessage());
			return false;
		}
	}

}
