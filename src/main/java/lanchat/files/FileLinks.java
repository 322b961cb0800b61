package lanchat.files;

import lanchat.protocol.Attachment;
import lanchat.protocol.ServerMessage;
import lanchat.system.ServerLinks;
import org.springframework.stereotype.Component;

/**
 * A file message for clients that only show text (the seed's TCP clients): "sent
 * photo.jpg (2.1 MB): http://192.168.1.10:8080/files/...", then the caption if there is
 * one.
 */
@Component
public class FileLinks {

	private final ServerLinks links;

	FileLinks(ServerLinks links) {
		this.links = links;
	}

	/** The message with its file told in its content; any other message as it is. */
	public ServerMessage asText(ServerMessage message) {
		Attachment file = message.file();
		if (file == null) {
			return message;
		}
		String caption = message.content() == null || message.content().isBlank() ? "" : " " + message.content();
		return message.withContent("sent " + file.name() + " (" + Uploads.describe(file.size()) + "): "
				+ links.absolute(file.url()) + caption);
	}

}
