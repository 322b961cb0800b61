package lanchat.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's own certificate for HTTPS on the LAN: made once, for the names and addresses the
 * machine has at that moment, and kept in a PKCS#12 file so that its fingerprint stays the same across
 * restarts (people who chose to trust it once are not asked again). Delete the file to make a new one,
 * e.g. after the machine's addresses changed.
 *
 * @param keyStore holds the key and certificate under {@link #ALIAS}
 * @param certificate the certificate itself
 * @param created true if it was made just now
 */
record SelfSignedCertificate(KeyStore keyStore, X509Certificate certificate, boolean created) {

	static final String ALIAS = "lanchat";

	/**
	 * The file is protected by its permissions (owner only), not by this password: PKCS#12 needs one,
	 * and a secret kept next to the file would add nothing.
	 */
	static final String PASSWORD = "lanchat";

	private static final Duration VALIDITY = Duration.ofDays(3650);

	/** Loads the certificate from {@code file}, or makes one for these names and addresses and saves it there. */
	static SelfSignedCertificate loadOrCreate(Path file, List<String> names, List<InetAddress> addresses) {
		try {
			if (Files.exists(file)) {
				KeyStore store = KeyStore.getInstance("PKCS12");
				try (InputStream in = Files.newInputStream(file)) {
					store.load(in, PASSWORD.toCharArray());
				}
				return new SelfSignedCertificate(store, (X509Certificate) store.getCertificate(ALIAS), false);
			}
			SelfSignedCertificate made = create(names, addresses);
			save(made.keyStore(), file);
			return made;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or write the TLS key store " + file, ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("cannot make a self-signed certificate", ex);
		}
	}

	/** SHA-256 of the certificate, as browsers show it: {@code AB:CD:...}. */
	String fingerprint() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static SelfSignedCertificate create(List<String> names, List<InetAddress> addresses)
			throws GeneralSecurityException, OperatorCreationException, IOException {
		// P-256: every phone browser accepts it, and it is made in milliseconds where RSA takes seconds
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair keys = generator.generateKeyPair();

		List<GeneralName> alternatives = new ArrayList<>();
		for (String name : names) {
			alternatives.add(new GeneralName(GeneralName.dNSName, name.toLowerCase(Locale.ROOT)));
		}
		for (InetAddress address : addresses) {
			String ip = address.getHostAddress();
			int zone = ip.indexOf('%');
			alternatives.add(new GeneralName(GeneralName.iPAddress, zone >= 0 ? ip.substring(0, zone) : ip));
		}
		X500Name subject = new X500Name("CN=" + (names.isEmpty() ? "lanchat" : names.get(0)) + ",O=lanchat");
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
				new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
				Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(alternatives.toArray(GeneralName[]::new)));
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		X509Certificate certificate = new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry(ALIAS, keys.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] { certificate });
		return new SelfSignedCertificate(store, certificate, true);
	}

	/** Written to a temporary file first, so a crash never leaves half a key store behind. */
	private static void save(KeyStore store, Path file) throws IOException, GeneralSecurityException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		Path partial = file.resolveSibling(file.getFileName() + ".tmp");
		try (OutputStream out = Files.newOutputStream(partial)) {
			store.store(out, PASSWORD.toCharArray());
		}
		try {
			Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system (Windows): the data directory's own permissions apply
		}
		Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
