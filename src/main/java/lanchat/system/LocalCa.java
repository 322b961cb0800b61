package lanchat.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * lanchat's own small certificate authority, for {@code lanchat.tls.local-ca}: made once
 * and kept in the data directory (the key owner-only), it signs the server's
 * certificates. A device that trusts it once (the invite view offers its certificate,
 * with the steps for each platform) accepts every certificate the server makes
 * afterwards, for any of its addresses, with no warning.
 * <p>
 * Whoever holds its key could make certificates that those devices trust, so the key
 * never leaves {@code <data-dir>/tls/ca.p12}; only the certificate is served.
 *
 * @param key the CA's private key
 * @param certificate the CA's certificate, the one devices install
 */
record LocalCa(PrivateKey key, X509Certificate certificate) {

	static final String KEY_FILE = "ca.p12";

	static final String CERTIFICATE_FILE = "ca.crt";

	/**
	 * Long: renewing it means installing it on every device again. Only server
	 * certificates must be short.
	 */
	static final Duration LIFETIME = Duration.ofDays(3650);

	/**
	 * Loads the CA from {@code directory}, or makes one named after {@code machine} and
	 * saves it there.
	 */
	static LocalCa loadOrCreate(Path directory, String machine, Instant now)
			throws GeneralSecurityException, IOException {
		Path keyFile = directory.resolve(KEY_FILE);
		LocalCa ca;
		if (Files.exists(keyFile)) {
			KeyStore store = Certificates.load(keyFile);
			ca = new LocalCa(Certificates.key(store), Certificates.certificate(store));
		}
		else {
			KeyPair keys = Certificates.newKeys();
			Instant notBefore = now.minus(Duration.ofDays(1));
			// the date tells two CAs of the same machine apart in a phone's list of
			// trusted certificates
			String name = "lanchat local CA " + machine + " " + now.atOffset(ZoneOffset.UTC).toLocalDate();
			X509Certificate certificate = Certificates.authority(keys, name, notBefore, notBefore.plus(LIFETIME));
			Certificates.save(Certificates.keyStore(keys.getPrivate(), certificate), keyFile);
			ca = new LocalCa(keys.getPrivate(), certificate);
		}
		Path certificateFile = directory.resolve(CERTIFICATE_FILE);
		if (Files.notExists(certificateFile)) {
			Certificates.saveText(ca.pem(), certificateFile);
		}
		return ca;
	}

	/**
	 * What {@link Certificates#server} needs to have this CA sign a server certificate.
	 */
	Certificates.Issuer issuer() {
		return new Certificates.Issuer(key, certificate);
	}

	/** Whether this CA signed {@code server}. */
	boolean signed(ServerCertificate server) {
		return server.certificate().getIssuerX500Principal().equals(certificate.getSubjectX500Principal())
				&& Certificates.signedBy(server.certificate(), certificate.getPublicKey());
	}

	String fingerprint() {
		return Certificates.fingerprint(certificate);
	}

	String pem() {
		return Certificates.pem(certificate);
	}

}
