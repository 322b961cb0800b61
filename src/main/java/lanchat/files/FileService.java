package lanchat.files;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import lanchat.identity.ChatUser;
import lanchat.protocol.Attachment;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import org.springframework.stereotype.Service;

/**
 * Files as the send pipeline sees them: a message takes an upload by its id, once, and
 * gives it back if the message could not be stored.
 */
@Service
public class FileService {

	/** How long an upload waits for its message; after that it is deleted. */
	public static final Duration SEND_WITHIN = Duration.ofHours(1);

	private final FileRepository files;

	private final Clock clock;

	FileService(FileRepository files, Clock clock) {
		this.files = files;
		this.clock = clock;
	}

	/**
	 * Takes an upload for a message from {@code sender}.
	 * @throws Refusal ({@code file-missing}) unless {@code sender} uploaded it within the
	 * hour and has not sent it yet
	 */
	public Attachment claim(ChatUser sender, String fileId) {
		Instant now = clock.instant();
		return files.claim(fileId, sender.identityId(), now.minus(SEND_WITHIN), now)
			.orElseThrow(() -> new Refusal(ErrorCode.FILE_MISSING, "That file cannot be sent: a file can be sent"
					+ " once, by whoever uploaded it, within an hour of the upload. Please upload it again."));
	}

	/**
	 * Gives back an upload whose message was not stored, so that it can be sent again.
	 */
	public void release(Attachment file) {
		files.release(file.id());
	}

}
