package lanchat.files;

import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;

/**
 * An upload refused with an HTTP status and the contract's {@code {"code","message"}}
 * body.
 */
final class UploadRefused extends Refusal {

	private final int status;

	UploadRefused(int status, ErrorCode code, String message) {
		super(code, message);
		this.status = status;
	}

	int status() {
		return status;
	}

}
