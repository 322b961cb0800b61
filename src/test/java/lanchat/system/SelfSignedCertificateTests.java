package lanchat.system;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SelfSignedCertificateTests {

	@Test
	void madeOnceThenKeptSoTheFingerprintStaysTheSame(@TempDir Path data) throws Exception {
		Path file = data.resolve("tls/lanchat.p12");
		List<InetAddress> addresses = List.of(InetAddress.getByName("192.0.2.9"), InetAddress.getByName("fd00::9"));

		SelfSignedCertificate first = SelfSignedCertificate.loadOrCreate(file, List.of("box", "box.local"), addresses);
		SelfSignedCertificate again = SelfSignedCertificate.loadOrCreate(file, List.of("other"), List.of());

		assertThat(first.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		first.certificate().checkValidity();
		assertThat(first.certificate().getSubjectAlternativeNames())
			.extracting(name -> String.valueOf(name.get(1)))
			.contains("box", "box.local", "192.0.2.9")
			.anySatisfy(name -> assertThat(InetAddress.getByName(name.contains(":") ? name : "::"))
				.isEqualTo(InetAddress.getByName("fd00::9")));
	}

}
