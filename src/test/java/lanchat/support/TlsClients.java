package lanchat.support;

import java.io.IOException;
import java.net.http.WebSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Clients of the server's HTTPS: TLS that trusts one certificate and nothing else (a
 * self-signed one, a CA a device installed), and STOMP frames read off a JDK WebSocket.
 */
public final class TlsClients {

	private TlsClients() {
	}

	/**
	 * An SSL context that trusts this one certificate (a server's, or a CA's) and nothing
	 * else.
	 */
	public static SSLContext trusting(X509Certificate certificate) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("trusted", certificate);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whole text messages from a JDK WebSocket, heart-beats left out. */
	public static final class Frames implements WebSocket.Listener {

		private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				if (!partial.toString().isBlank()) {
					frames.add(partial.toString());
				}
				partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		public String next() throws InterruptedException {
			String frame = frames.poll(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				throw new AssertionError("no STOMP frame arrived over WSS within " + StompTestClient.WAIT);
			}
			return frame;
		}

	}

}
