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
 * The URLs at which phones on the network reach the chat. The log, the invite view and
 * its QR code all use this one list: the configured {@code lanchat.public-url} alone when
 * there is one (behind a proxy, in Docker), otherwise the LAN addresses with the ports
 * the server really listens on, looked up anew each time so that a changed address shows
 * at once.
 */
@Component
public class ServerUrls {

	/** Where the invite view downloads the local CA's certificate. */
	static final String CA_PATH = "/api/invite/ca.crt";

	private final Environment environment;

	private final ObjectProvider<HttpsConnector> https;

	private final NetworkProperties network;

	/** The main port once the server listens; -1 before. */
	private volatile int port = -1;

	ServerUrls(Environment environment, ObjectProvider<HttpsConnector> https, NetworkProperties network) {
		this.environment = environment;
		this.https = https;
		this.network = network;
	}

	@EventListener
	void listening(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			// not the management server, when it has a port of its own
			port = event.getWebServer().getPort();
		}
	}

	/** The URLs and what an HTTPS visitor needs to know about the certificate. */
	Invitation invitation() {
		if (port < 0) {
			return new Invitation(List.of(), null, null);
		}
		HttpsConnector connector = https.getIfAvailable();
		LocalCa ca = connector != null ? connector.ca() : null;
		CaOffer offer = ca != null ? new CaOffer(CA_PATH, ca.fingerprint()) : null;
		String fingerprint = connector != null && ca == null ? connector.certificate().fingerprint() : null;
		URI publicUrl = network.publicUrl();
		if (publicUrl != null) {
			boolean ours = connector != null && publicUrl.getScheme().equals("https")
					&& port(publicUrl) == connector.port();
			return new Invitation(List.of(publicUrl.toString()), ours ? fingerprint : null, offer);
		}
		List<InetAddress> addresses = LanAddresses.find(boundAddress());
		List<String> urls = new ArrayList<>();
		String scheme = mainPortHasTls() ? "https" : "http";
		addresses.forEach(address -> urls.add(url(scheme, address, port)));
		if (connector != null) {
			addresses.forEach(address -> urls.add(url("https", address, connector.port())));
		}
		return new Invitation(List.copyOf(urls), fingerprint, offer);
	}

	/**
	 * The URLs, best first; empty when the machine has no network address but loopback.
	 */
	List<String> urls() {
		return invitation().urls();
	}

	/**
	 * The one URL people should use (ending in {@code /}), for links written out in full,
	 * such as a file's in the seed clients' text: {@code lanchat.public-url} when set,
	 * else the best LAN address, else localhost on a machine with no network.
	 */
	public String preferred() {
		List<String> urls = urls();
		return !urls.isEmpty() ? urls.get(0) : "http://localhost:" + Math.max(port, 0) + "/";
	}

	/** {@code path} (starting with {@code /}) on the server at {@code url}. */
	static String resolve(String url, String path) {
		return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + path;
	}

	private static int port(URI url) {
		return url.getPort() >= 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
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

	/**
	 * A user-provided certificate ({@code server.ssl.*}, e.g. an SSL bundle) makes the
	 * main port HTTPS.
	 */
	private boolean mainPortHasTls() {
		return Binder.get(environment).bind("server.ssl", Ssl.class).map(ssl -> ssl.isEnabled()).orElse(false);
	}

	/**
	 * @param urls where to join, best first
	 * @param fingerprint the SHA-256 fingerprint of the self-signed certificate, when
	 * HTTPS uses one
	 * @param ca the local CA to trust, when HTTPS certificates come from one
	 */
	record Invitation(List<String> urls, @Nullable String fingerprint, @Nullable CaOffer ca) {
	}

	/**
	 * @param url where to download its certificate (a path on this server)
	 * @param fingerprint its SHA-256 fingerprint, to compare on the device before
	 * trusting it
	 */
	record CaOffer(String url, String fingerprint) {
	}

}
