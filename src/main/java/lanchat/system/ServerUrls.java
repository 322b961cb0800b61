package lanchat.system;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import lanchat.network.LanAddresses;
import lanchat.network.NetworkProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The URLs at which phones on the network reach the chat, worked out once the web server listens and
 * its real port is known. The log, the invite view and its QR code all use this one list: the
 * configured {@code lanchat.public-url} alone when there is one (behind a proxy, in Docker), otherwise
 * the LAN addresses.
 */
@Component
class ServerUrls {

	private final Environment environment;

	private final ObjectProvider<HttpsConnector> https;

	private final NetworkProperties network;

	private volatile Invitation invitation = new Invitation(List.of(), null);

	ServerUrls(Environment environment, ObjectProvider<HttpsConnector> https, NetworkProperties network) {
		this.environment = environment;
		this.https = https;
		this.network = network;
	}

	@EventListener
	void listening(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return; // the management server, when it has a port of its own
		}
		HttpsConnector connector = https.getIfAvailable();
		if (network.publicUrl() != null) {
			String url = network.publicUrl().toString();
			boolean ours = connector != null && url.startsWith("https:") && port(network.publicUrl()) == connector.port();
			invitation = new Invitation(List.of(url), ours ? connector.certificate().fingerprint() : null);
			return;
		}
		List<InetAddress> addresses = LanAddresses.find(boundAddress());
		List<String> urls = new ArrayList<>();
		String scheme = mainPortHasTls() ? "https" : "http";
		addresses.forEach(address -> urls.add(url(scheme, address, event.getWebServer().getPort())));
		if (connector != null) {
			addresses.forEach(address -> urls.add(url("https", address, connector.port())));
		}
		invitation = new Invitation(List.copyOf(urls),
				connector != null ? connector.certificate().fingerprint() : null);
	}

	private static int port(URI url) {
		return url.getPort() >= 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
	}

	Invitation invitation() {
		return invitation;
	}

	/** The URLs, best first; empty when the machine has no network address but loopback. */
	List<String> urls() {
		return invitation.urls();
	}

	static String url(String scheme, InetAddress address, int port) {
		boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
		return scheme + "://" + LanAddresses.urlHost(address) + (defaultPort ? "" : ":" + port) + "/";
	}

	private @Nullable InetAddress boundAddress() {
		String address = environment.getProperty("server.address");
		if (address == null || address.isBlank()) {
			return null;
		}
		try {
			return InetAddress.getByName(address.trim());
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** A user-provided certificate ({@code server.ssl.*}, e.g. an SSL bundle) makes the main port HTTPS. */
	private boolean mainPortHasTls() {
		return Binder.get(environment).bind("server.ssl", Ssl.class).map(ssl -> ssl.isEnabled()).orElse(false);
	}

	/**
	 * @param urls where to join, best first
	 * @param fingerprint the SHA-256 fingerprint of the self-signed certificate, when HTTPS uses one
	 */
	record Invitation(List<String> urls, @Nullable String fingerprint) {
	}

}
