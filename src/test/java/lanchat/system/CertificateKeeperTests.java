package lanchat.system;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server certificate's life: made once, kept across restarts, at most 825 days long
 * (Apple and Chrome refuse longer ones), renewed before it expires and when the machine
 * gets an address it does not name; the local CA made once, owner-only on disk, signing
 * certificates that validate against it alone. Time is moved by passing the instant,
 * never waited for.
 */
class CertificateKeeperTests {

	private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

	private final AtomicReference<CertificateNames> names = new AtomicReference<>(new CertificateNames(
			List.of("box", "box.local", "localhost"), addresses("192.0.2.9", "fd00::9", "127.0.0.1")));

	@Test
	void aSelfSignedCertificateIsKeptAcrossRestartsOwnerOnlyAndLivesAtMost825Days(@TempDir Path data) throws Exception {
		Path tls = data.resolve("tls");
		CertificateKeeper first = CertificateKeeper.open(tls, false, "box", names::get, START);
		CertificateKeeper again = CertificateKeeper.open(tls, false, "box", names::get, START.plus(Duration.ofDays(3)));

		assertThat(again.current().fingerprint()).isEqualTo(first.current().fingerprint());
		assertThat(first.current().lifetime()).isLessThanOrEqualTo(Duration.ofDays(825));
		assertThat(first.current().selfSigned()).isTrue();
		assertThat(first.current().lacks(names.get())).isEmpty();
		assertThat(first.ca()).isNull();
		assertThat(Files.getPosixFilePermissions(tls.resolve(CertificateKeeper.SERVER_FILE)))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(tls)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		first.current().certificate().checkValidity(Date.from(START));
	}

	@Test
	void renewedThirtyDaysBeforeItExpires(@TempDir Path data) {
		CertificateKeeper keeper = CertificateKeeper.open(data.resolve("tls"), false, "box", names::get, START);
		ServerCertificate first = keeper.current();
		Instant expiry = first.notAfter();

		assertThat(keeper.renewIfDue(expiry.minus(Duration.ofDays(31)))).isFalse();
		assertThat(keeper.renewIfDue(expiry.minus(Duration.ofDays(29)))).isTrue();
		assertThat(keeper.current().notAfter()).isAfter(expiry);
		assertThat(keeper.current().fingerprint()).isNotEqualTo(first.fingerprint());
		assertThat(
				CertificateKeeper.open(data.resolve("tls"), false, "box", names::get, expiry).current().fingerprint())
			.as("the renewed certificate is the one saved")
			.isEqualTo(keeper.current().fingerprint());
	}

	@Test
	void aNewLanAddressIsPickedUp(@TempDir Path data) {
		CertificateKeeper keeper = CertificateKeeper.open(data.resolve("tls"), false, "box", names::get, START);
		assertThat(keeper.renewIfDue(START.plus(Duration.ofHours(1)))).isFalse();

		List<InetAddress> moved = new ArrayList<>(names.get().addresses());
		moved.add(address("192.0.2.77"));
		names.set(new CertificateNames(names.get().names(), moved));

		assertThat(keeper.renewalReason(START.plus(Duration.ofHours(2)))).contains("192.0.2.77");
		assertThat(keeper.renewIfDue(START.plus(Duration.ofHours(2)))).isTrue();
		assertThat(keeper.current().lacks(names.get())).isEmpty();
	}

	@Test
	void aTenYearCertificateFromAnOlderVersionIsReplaced(@TempDir Path data) throws Exception {
		Path tls = data.resolve("tls");
		KeyPair keys = Certificates.newKeys();
		X509Certificate old = Certificates.server(keys, names.get().names(), names.get().addresses(),
				START.minus(Duration.ofDays(100)), START.plus(Duration.ofDays(3550)), null);
		Files.createDirectories(tls);
		Certificates.save(Certificates.keyStore(keys.getPrivate(), old), tls.resolve(CertificateKeeper.SERVER_FILE));

		CertificateKeeper keeper = CertificateKeeper.open(tls, false, "box", names::get, START);

		assertThat(keeper.current().certificate().getSerialNumber()).isNotEqualTo(old.getSerialNumber());
		assertThat(keeper.current().lifetime()).isLessThanOrEqualTo(Duration.ofDays(825));
	}

	@Test
	void theLocalCaIsMadeOnceOwnerOnlyAndItsCertificatesValidateAgainstItAlone(@TempDir Path data) throws Exception {
		Path tls = data.resolve("tls");
		CertificateKeeper.open(tls, false, "box", names::get, START);
		CertificateKeeper keeper = CertificateKeeper.open(tls, true, "box", names::get, START);
		LocalCa ca = keeper.ca();

		assertThat(ca).isNotNull();
		assertThat(ca.signed(keeper.current())).as("the self-signed certificate was replaced").isTrue();
		assertThat(keeper.current().lifetime()).isLessThanOrEqualTo(Duration.ofDays(398));
		assertThat(Files.getPosixFilePermissions(tls.resolve(LocalCa.KEY_FILE)))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(tls)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(Files.readString(tls.resolve(LocalCa.CERTIFICATE_FILE))).isEqualTo(ca.pem());
		assertThat(ca.certificate().getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
		assertThat(ca.certificate().getSubjectX500Principal().getName()).contains("lanchat local CA box 2026-12-01");

		validate(keeper.current().certificate(), ca.certificate(), START);
		assertThat(keeper.renewIfDue(keeper.current().notAfter().minus(Duration.ofDays(10)))).isTrue();
		validate(keeper.current().certificate(), ca.certificate(),
				keeper.current().notAfter().minus(Duration.ofDays(10)));

		LocalCa reopened = CertificateKeeper.open(tls, true, "box", names::get, START.plus(Duration.ofDays(500))).ca();
		assertThat(reopened.fingerprint()).as("made once").isEqualTo(ca.fingerprint());
	}

	/**
	 * PKIX path validation with the CA as the only trust anchor, as a phone that
	 * installed it does.
	 */
	private static void validate(X509Certificate server, X509Certificate ca, Instant at) throws Exception {
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
		parameters.setRevocationEnabled(false);
		parameters.setDate(Date.from(at));
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters);
	}

	private static List<InetAddress> addresses(String... literals) {
		return Arrays.stream(literals).map(CertificateKeeperTests::address).toList();
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}
