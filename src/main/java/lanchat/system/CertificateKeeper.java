package lanchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server's HTTPS certificate valid: made on first start, replaced before it
 * expires, when the machine gets a LAN address or name it does not cover, and when it is
 * longer-lived than phones accept (certificates made by older versions). Either
 * self-signed or signed by the {@link LocalCa}.
 * <p>
 * Lifetimes: Apple's and Chrome's limit for a server certificate is 825 days, so a
 * self-signed one lives that long at most (each new one means a new warning to accept);
 * one signed by the local CA lives 397 days (within even the 398-day rule for public
 * certificates), since renewing it costs no one anything.
 */
final class CertificateKeeper {

	static final String SERVER_FILE = "lanchat.p12";

	static final Duration SELF_SIGNED_LIFETIME = Duration.ofDays(825);

	static final Duration CA_SIGNED_LIFETIME = Duration.ofDays(397);

	/**
	 * Renewed this long before it expires, so a server that was off for a while still
	 * renews in time.
	 */
	static final Duration RENEW_BEFORE = Duration.ofDays(30);

	private static final Logger log = LoggerFactory.getLogger(CertificateKeeper.class);

	private final Path file;

	private final @Nullable LocalCa ca;

	private final Supplier<CertificateNames> names;

	private volatile ServerCertificate current;

	private CertificateKeeper(Path file, @Nullable LocalCa ca, Supplier<CertificateNames> names,
			ServerCertificate current) {
		this.file = file;
		this.ca = ca;
		this.names = names;
		this.current = current;
	}

	/**
	 * The keeper for the certificates in {@code directory}: with {@code localCa}, the CA
	 * is loaded or made first; the server certificate is loaded, and replaced at once if
	 * it is due.
	 */
	static CertificateKeeper open(Path directory, boolean localCa, String machine, Supplier<CertificateNames> names,
			Instant now) {
		try {
			LocalCa authority = localCa ? LocalCa.loadOrCreate(directory, machine, now) : null;
			Path file = directory.resolve(SERVER_FILE);
			ServerCertificate existing = Files.exists(file) ? ServerCertificate.of(Certificates.load(file)) : null;
			CertificateKeeper keeper = new CertificateKeeper(file, authority, names,
					existing != null ? existing : make(authority, names.get(), now));
			if (existing == null) {
				keeper.save("first start");
			}
			else {
				keeper.renewIfDue(now);
			}
			return keeper;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or write the TLS files in " + directory, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot make or read the HTTPS certificate in " + directory, ex);
		}
	}

	ServerCertificate current() {
		return current;
	}

	@Nullable LocalCa ca() {
		return ca;
	}

	/**
	 * Replaces the certificate if it is due (see {@link #renewalReason}); true if it did.
	 */
	synchronized boolean renewIfDue(Instant now) {
		String reason = renewalReason(now);
		if (reason == null) {
			return false;
		}
		try {
			current = make(ca, names.get(), now);
			save(reason);
			return true;
		}
		catch (IOException | GeneralSecurityException ex) {
			log.error("Could not renew the HTTPS certificate ({}): {}; the current one stays until the next try",
					reason, ex.toString());
			return false;
		}
	}

	/**
	 * Why the current certificate must be replaced at {@code now}; {@code null} while it
	 * is fine.
	 */
	@Nullable String renewalReason(Instant now) {
		ServerCertificate certificate = current;
		Duration longest = ca != null ? CA_SIGNED_LIFETIME : SELF_SIGNED_LIFETIME;
		if (certificate.lifetime().compareTo(longest) > 0) {
			return "it was valid for " + certificate.lifetime().toDays() + " days, longer than phones accept";
		}
		if (!now.plus(RENEW_BEFORE).isBefore(certificate.notAfter())) {
			return "it expires on " + certificate.notAfter();
		}
		if (ca != null && !ca.signed(certificate)) {
			return "it was not signed by the local CA";
		}
		if (ca == null && !certificate.selfSigned()) {
			return "it was signed by a CA, and self-signed was asked for";
		}
		List<String> lacking = certificate.lacks(names.get());
		if (!lacking.isEmpty()) {
			return "it does not name " + String.join(", ", lacking);
		}
		return null;
	}

	private void save(String reason) throws IOException, GeneralSecurityException {
		Certificates.save(current.keyStore(), file);
		log.info("Made a new {} HTTPS certificate in {} ({}), valid until {}{}",
				ca != null ? "CA-signed" : "self-signed", file.toAbsolutePath(), reason, current.notAfter(),
				ca != null ? "" : "; its SHA-256 fingerprint is " + current.fingerprint());
	}

	private static ServerCertificate make(@Nullable LocalCa ca, CertificateNames names, Instant now)
			throws GeneralSecurityException, IOException {
		KeyPair keys = Certificates.newKeys();
		// a day early, for phones whose clocks are a little behind
		Instant notBefore = now.minus(Duration.ofDays(1));
		Duration lifetime = ca != null ? CA_SIGNED_LIFETIME : SELF_SIGNED_LIFETIME;
		return ServerCertificate.of(Certificates.keyStore(keys.getPrivate(), Certificates.server(keys, names.names(),
				names.addresses(), notBefore, notBefore.plus(lifetime), ca != null ? ca.issuer() : null)));
	}

}
