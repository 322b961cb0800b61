package lanchat.system;

import lanchat.network.LanAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import lanchat.LanchatProperties;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * With {@code lanchat.tls.self-signed=true}: a second Tomcat connector that serves the same app (page,
 * STOMP over WSS, actuator) over HTTPS on {@code lanchat.tls.port}, with the server's own certificate.
 * Plain HTTP stays on {@code server.port}, so nothing that works today stops working.
 */
@Component
@ConditionalOnProperty(name = "lanchat.tls.self-signed", havingValue = "true")
class HttpsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final Logger log = LoggerFactory.getLogger(HttpsConnector.class);

	static final String KEY_STORE = "tls/lanchat.p12";

	private final SelfSignedCertificate certificate;

	private final int port;

	private volatile Connector connector;

	HttpsConnector(LanchatProperties lanchat, TlsProperties tls) {
		Path file = lanchat.dataDir().resolve(KEY_STORE);
		this.certificate = SelfSignedCertificate.loadOrCreate(file, names(), addresses());
		if (certificate.created()) {
			log.info("Made a self-signed certificate in {} (delete it to make a new one)", file.toAbsolutePath());
		}
		this.port = tls.port();
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		Connector https = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		https.setScheme("https");
		https.setSecure(true);
		https.setPort(port);
		if (factory.getAddress() != null) {
			https.setProperty("address", factory.getAddress().getHostAddress());
		}
		AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) https.getProtocolHandler();
		protocol.setSSLEnabled(true);
		SSLHostConfig host = new SSLHostConfig();
		host.setProtocols("TLSv1.2+TLSv1.3");
		SSLHostConfigCertificate key = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
		key.setCertificateKeystore(certificate.keyStore());
		key.setCertificateKeystorePassword(SelfSignedCertificate.PASSWORD);
		key.setCertificateKeyAlias(SelfSignedCertificate.ALIAS);
		host.addCertificate(key);
		protocol.addSslHostConfig(host);
		factory.addAdditionalConnectors(https);
		this.connector = https;
	}

	/** The port HTTPS actually listens on (the configured one, or the free one picked for 0). */
	int port() {
		Connector https = connector;
		return https != null && https.getLocalPort() > 0 ? https.getLocalPort() : port;
	}

	SelfSignedCertificate certificate() {
		return certificate;
	}

	/** What the certificate names: the host name, its mDNS form, and localhost. */
	private static List<String> names() {
		Set<String> names = new LinkedHashSet<>();
		try {
			String host = InetAddress.getLocalHost().getHostName();
			if (!host.isBlank() && !host.matches("[0-9.:]+")) {
				names.add(host);
				if (!host.contains(".")) {
					names.add(host + ".local");
				}
			}
		}
		catch (UnknownHostException ex) {
			// no name resolves for this machine: its addresses still do
		}
		names.add("localhost");
		return List.copyOf(names);
	}

	/** The LAN addresses and loopback, so that both phones and the machine itself can use HTTPS. */
	private static List<InetAddress> addresses() {
		List<InetAddress> addresses = new ArrayList<>(LanAddresses.find(null));
		addresses.add(InetAddress.getLoopbackAddress());
		try {
			addresses.add(InetAddress.getByName("::1"));
		}
		catch (UnknownHostException ex) {
			// no IPv6 on this machine
		}
		return addresses;
	}

}
