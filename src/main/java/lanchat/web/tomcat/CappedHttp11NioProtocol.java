package lanchat.web.tomcat;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol on a {@link CappedNioEndpoint}. Public with a public
 * constructor because Tomcat makes a connector's protocol from its class name.
 */
public final class CappedHttp11NioProtocol extends Http11NioProtocol {

	private final CappedNioEndpoint endpoint;

	public CappedHttp11NioProtocol() {
		this(new CappedNioEndpoint());
	}

	private CappedHttp11NioProtocol(CappedNioEndpoint endpoint) {
		super(endpoint);
		this.endpoint = endpoint;
	}

	void gate(AcceptedConnections gate) {
		endpoint.gate(gate);
	}

}
