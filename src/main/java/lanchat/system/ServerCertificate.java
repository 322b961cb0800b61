package lanchat.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A certificate and its key, as Tomcat serves them.
 *
 * @param keyStore holds the key and certificate under {@link Certificates#ALIAS}
 * @param certificate the certificate itself
 */
record ServerCertificate(KeyStore keyStore, X509Certificate certificate) {

	static ServerCertificate of(KeyStore keyStore) throws GeneralSecurityException {
		return new ServerCertificate(keyStore, Certificates.certificate(keyStore));
	}

	/** SHA-256 of the certificate, as browsers show it: {@code AB:CD:...}. */
	String fingerprint() {
		return Certificates.fingerprint(certificate);
	}

	Instant notAfter() {
		return certificate.getNotAfter().toInstant();
	}

	/** From the first moment it is valid to the last. */
	Duration lifetime() {
		return Duration.between(certificate.getNotBefore().toInstant(), notAfter());
	}

	boolean selfSigned() {
		return certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())
				&& Certificates.signedBy(certificate, certificate.getPublicKey());
	}

	/**
	 * The names and addresses in {@code wanted} that this certificate does not name, as
	 * text.
	 */
	List<String> lacks(CertificateNames wanted) {
		Set<String> names = new HashSet<>();
		Set<InetAddress> addresses = new HashSet<>();
		try {
			if (certificate.getSubjectAlternativeNames() != null) {
				for (List<?> entry : certificate.getSubjectAlternativeNames()) {
					String value = String.valueOf(entry.get(1));
					if (Integer.valueOf(7).equals(entry.get(0))) {
						addresses.add(InetAddress.getByName(value));
					}
					else {
						names.add(value.toLowerCase(Locale.ROOT));
					}
				}
			}
		}
		catch (GeneralSecurityException | UnknownHostException ex) {
			// unreadable names: it lacks them all, and a new certificate is made
		}
		List<String> missing = new ArrayList<>();
		wanted.names().stream().filter(name -> !names.contains(name.toLowerCase(Locale.ROOT))).forEach(missing::add);
		wanted.addresses()
			.stream()
			.filter(address -> !addresses.contains(address))
			.map(InetAddress::getHostAddress)
			.forEach(missing::add);
		return missing;
	}

}
