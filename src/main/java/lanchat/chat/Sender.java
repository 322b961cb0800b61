package lanchat.chat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import lanchat.delivery.Connection;
import lanchat.delivery.Delivery;
import lanchat.protocol.ErrorCode;
import lanchat.protocol.Refusal;
import lanchat.protocol.ServerMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection a SEND came from, and the id its client gave it: every answer to the
 * SEND goes to that connection alone and carries the id.
 */
record Sender(Connection connection, @Nullable String clientId, Delivery delivery) {

	private static final Logger log = LoggerFactory.getLogger(Sender.class);

	void reply(String text) {
		delivery.toConnection(connection, ServerMessage.system(text).withClientId(clientId));
	}

	void refuse(ErrorCode code, String text) {
		delivery.toConnection(connection, ServerMessage.refusal(code, text).withClientId(clientId));
	}

	void refuse(Refusal refusal) {
		refuse(refusal.code(), refusal.getMessage());
	}

	/**
	 * Replies once {@code later} completes: with its text, or with the refusal it failed
	 * with.
	 */
	void replyLater(CompletionStage<String> later) {
		later.whenComplete((text, failure) -> {
			if (failure == null) {
				reply(text);
				return;
			}
			Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
					: failure;
			if (cause instanceof Refusal refusal) {
				refuse(refusal);
			}
			else {
				log.warn("A command of {} failed", connection.user().username(), cause);
				reply("That could not be done. Please try again.");
			}
		});
	}

}
