package lanchat.files;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes what no one may fetch any more: uploads never sent within the hour, files whose
 * message retention deleted or a moderator removed, and then every stored blob no upload
 * refers to.
 */
@Component
class FileSweeper {

	private static final Logger log = LoggerFactory.getLogger(FileSweeper.class);

	/**
	 * A file claimed this recently may still have its message on the way into history.
	 */
	static final Duration CLAIM_GRACE = Duration.ofMinutes(2);

	private final FileRepository files;

	private final BlobStore blobs;

	private final Clock clock;

	FileSweeper(FileRepository files, BlobStore blobs, Clock clock) {
		this.files = files;
		this.blobs = blobs;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${lanchat.files.sweep:PT1M}", fixedDelayString = "${lanchat.files.sweep:PT1M}")
	void sweep() {
		Instant now = clock.instant();
		int unsent = files.deleteUnsent(now.minus(FileService.SEND_WITHIN));
		int gone = files.deleteOrphans(now.minus(CLAIM_GRACE));
		int blobsDeleted = blobs.sweep(files::referencedHashes);
		if (unsent + gone + blobsDeleted > 0) {
			log.info("File sweep: {} unsent uploads and {} files of removed messages deleted, {} stored blobs freed",
					unsent, gone, blobsDeleted);
		}
	}

	/** How many blobs are stored, for tests and metrics. */
	long blobsOnDisk() {
		return blobs.count();
	}

}
