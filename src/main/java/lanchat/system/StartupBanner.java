package lanchat.system;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the server is ready, logs where phones on the network can join, and the first URL
 * as a QR code to scan straight off the terminal (or {@code journalctl -u lanchat}).
 */
@Component
class StartupBanner {

	private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

	private final ServerUrls urls;

	StartupBanner(ServerUrls urls) {
		this.urls = urls;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		log.info(banner(urls.invitation()));
	}

	/** One message, so the QR code's lines stay together and start at the left edge. */
	static String banner(ServerUrls.Invitation invitation) {
		List<String> all = invitation.urls();
		if (all.isEmpty()) {
			return "lanchat is running, but this machine has no network address other than loopback: "
					+ "connect it to the network to let others join";
		}
		StringBuilder text = new StringBuilder("lanchat is running. Others on this network can join at:");
		for (String url : all) {
			text.append("\n  ").append(url);
			if (url.startsWith("https:") && invitation.fingerprint() != null) {
				text.append("  (certificate SHA-256 ").append(invitation.fingerprint()).append(')');
			}
		}
		if (invitation.ca() != null) {
			text.append("\nHTTPS certificates come from this server's own CA: trust it once on each device (menu, ")
				.append("Invite people, or ")
				.append(ServerUrls.resolve(all.get(0), invitation.ca().url()))
				.append("); its SHA-256 fingerprint is ")
				.append(invitation.ca().fingerprint());
		}
		text.append("\nScan to join ").append(all.get(0)).append(":\n");
		text.append(QrCodes.terminal(QrCodes.encode(all.get(0))));
		return text.toString();
	}

}
