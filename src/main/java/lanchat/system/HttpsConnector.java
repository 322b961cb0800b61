package lanchat.system;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import lanchat.LanchatProperties;
import lanchat.network.OwnNames;
import lanchat.web.tomcat.AcceptCap;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * With {@code lanchat.tls.self-signed=true} or {@code lanchat.tls.local-ca=true}: a
 * second Tomcat connector that serves the same app (page, STOMP over WSS, actuator) over
 * HTTPS on {@code lanchat.tls.port}, with the server's own certificate. Plain HTTP stays
 * on {@code server.port}, so nothing that works today stops working, and a phone can
 * fetch the CA there before it trusts it. Every hour the certificate is checked and, when
 * due, replaced without a restart (see {@link CertificateKeeper}).
 */
@Component
@ConditionalOnExpression("${lanchat.tls.self-signed:false} or ${lanchat.tls.local-ca:false}")
class HttpsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	static final String DIRECTORY = "tls";

	private final CertificateKeeper keeper;

	private final int port;

	private final Clock clock;

	private volatile @Nullable Connector connector;

	private volatile @Nullable SSLHostConfigCertificate served;

	HttpsConnector(LanchatProperties lanchat, TlsProperties tls, OwnNames own, Clock clock) {
		this.clock = clock;
		this.keeper = CertificateKeeper.open(lanchat.dataDir().resolve(DIRECTORY), tls.localCa(), own.names().get(0),
				() -> new CertificateNames(own.names(), own.addresses()), clock.instant());
		this.port = tls.port();
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		Connector https = new Connector(AcceptCap.PROTOCOL);
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
		key.setCertificateKeystore(keeper.current().keyStore());
		key.setCertificateKeystorePassword(Certificates.PASSWORD);
		key.setCertificateKeyAlias(Certificates.ALIAS);
		host.addCertificate(key);
		protocol.addSslHostConfig(host);
		factory.addAdditionalConnectors(https);
		this.connector = https;
		this.served = key;
	}

	@Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.HOURS)
	void renewIfDue() {
		renewIfDue(clock.instant());
	}

	/**
	 * Replaces the certificate if it is due at {@code now}, and serves the new one from
	 * the next handshake.
	 */
	boolean renewIfDue(Instant now) {
		if (!keeper.renewIfDue(now)) {
			return false;
		}
		SSLHostConfigCertificate key = served;
		Connector https = connector;
		if (key != null && https != null) {
			key.setCertificateKeystore(keeper.current().keyStore());
			((AbstractHttp11Protocol<?>) https.getProtocolHandler()).reloadSslHostConfigs();
		}
		return true;
	}

	/**
	 * The port HTTPS actually listens on (the configured one, or the free one picked for
	 * 0).
	 */
	int port() {
		Connector https = connector;
		return https != null && https.getLocalPort() > 0 ? https.getLocalPort() : port;
	}

	ServerCertificate certificate() {
		return keeper.current();
	}

	/** The local CA that signs the certificate, with {@code lanchat.tls.local-ca}. */
	@Nullable LocalCa ca() {
		return keeper.ca();
	}

}
