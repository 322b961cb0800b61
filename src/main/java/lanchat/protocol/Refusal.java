package lanchat.protocol;

/**
 * A client asked for something it may not have. The message is shown to the client as it is, so it
 * says why in plain words and names nothing about the server's insides.
 */
public class Refusal extends RuntimeException {

	public Refusal(String message) {
		super(message, null, false, false);
	}

}
