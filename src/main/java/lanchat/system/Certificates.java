package lanchat.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Making, saving and reading the certificates lanchat serves. The JDK cannot make
 * certificates, so Bouncy Castle builds them; everything else is the JDK's. Key files are
 * written owner-only from the first byte, in a directory only the owner can enter.
 */
final class Certificates {

	/**
	 * The key store files are protected by their permissions, not by this password:
	 * PKCS#12 needs one, and a secret kept next to the file would add nothing.
	 */
	static final String PASSWORD = "lanchat";

	static final String ALIAS = "lanchat";

	private static final SecureRandom RANDOM = new SecureRandom();

	private Certificates() {
	}

	/**
	 * P-256: every phone browser accepts it, and it is made in milliseconds where RSA
	 * takes seconds.
	 */
	static KeyPair newKeys() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	/**
	 * A server certificate for these names and addresses, as Apple and Chrome require of
	 * one: the names in subjectAltName (the common name is ignored), serverAuth, not a
	 * CA. Self-signed when {@code issuer} is {@code null}.
	 */
	static X509Certificate server(KeyPair keys, List<String> names, List<InetAddress> addresses, Instant notBefore,
			Instant notAfter, @Nullable Issuer issuer) throws GeneralSecurityException, IOException {
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
		X500Name issuerName = issuer == null ? subject
				: X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial(), Date.from(notBefore),
				Date.from(notAfter), subject, keys.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(alternatives.toArray(GeneralName[]::new)));
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				extensions.createSubjectKeyIdentifier(keys.getPublic()));
		if (issuer != null) {
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensions.createAuthorityKeyIdentifier(issuer.certificate()));
		}
		return sign(builder, issuer == null ? keys.getPrivate() : issuer.key());
	}

	/**
	 * A certificate authority that may sign server certificates and nothing below them.
	 */
	static X509Certificate authority(KeyPair keys, String commonName, Instant notBefore, Instant notAfter)
			throws GeneralSecurityException, IOException {
		X500Name name = new X500Name("CN=" + commonName.replace(",", " ").replace("=", " ") + ",O=lanchat");
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
				Date.from(notAfter), name, keys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
		return sign(builder, keys.getPrivate());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	/**
	 * Positive, 127 random bits: unique without bookkeeping, as the CA/Browser rules ask.
	 */
	private static BigInteger serial() {
		return new BigInteger(127, RANDOM);
	}

	/** SHA-256 of the certificate, as browsers and phones show it: {@code AB:CD:...}. */
	static String fingerprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The certificate in PEM, which every platform's installer reads (and Linux's
	 * requires).
	 */
	static String pem(X509Certificate certificate) {
		try {
			return "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether {@code certificate} was signed with {@code key}. */
	static boolean signedBy(X509Certificate certificate, PublicKey key) {
		try {
			certificate.verify(key);
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	static KeyStore keyStore(PrivateKey key, X509Certificate... chain) throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), chain);
		return store;
	}

	static KeyStore load(Path file) throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	static X509Certificate certificate(KeyStore store) throws GeneralSecurityException {
		return (X509Certificate) store.getCertificate(ALIAS);
	}

	static PrivateKey key(KeyStore store) throws GeneralSecurityException {
		return (PrivateKey) store.getKey(ALIAS, PASSWORD.toCharArray());
	}

	static Certificate[] chain(KeyStore store) throws GeneralSecurityException {
		return store.getCertificateChain(ALIAS);
	}

	/**
	 * Writes the key store owner-only (0600) into an owner-only directory (0700), through
	 * a temporary file, so that a crash never leaves half a key store and no one else can
	 * read the key even for a moment.
	 */
	static void save(KeyStore store, Path file) throws GeneralSecurityException, IOException {
		Path partial = privateFile(file.resolveSibling(file.getFileName() + ".tmp"));
		try (OutputStream out = Files.newOutputStream(partial)) {
			store.store(out, PASSWORD.toCharArray());
		}
		Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Writes a text file (a certificate) in the same way. */
	static void saveText(String text, Path file) throws IOException {
		Path partial = privateFile(file.resolveSibling(file.getFileName() + ".tmp"));
		Files.writeString(partial, text);
		Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * An empty file that only its owner may read, in an owner-only directory, created
	 * with those rights.
	 */
	private static Path privateFile(Path file) throws IOException {
		PrivateFiles.directory(file.toAbsolutePath().getParent());
		Files.deleteIfExists(file);
		return PrivateFiles.newFile(file);
	}

	/**
	 * The CA that signs a server certificate.
	 *
	 * @param key its private key
	 * @param certificate its certificate
	 */
	record Issuer(PrivateKey key, X509Certificate certificate) {
	}

}
