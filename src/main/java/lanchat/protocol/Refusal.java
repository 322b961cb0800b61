package lanchat.protocol;

/**
 * A client asked for something it may not have. The message is shown to the client as it
 * is, so it says why in plain words and names nothing about the server's insides; the
 * code says the same for programs.
 */
public class Refusal extends RuntimeException {

	private final ErrorCode code;

	public Refusal(ErrorCode code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	public ErrorCode code() {
		return code;
	}

}
