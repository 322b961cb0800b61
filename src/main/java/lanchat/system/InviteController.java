package lanchat.system;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page's invite view shows: the URLs to join at, and a QR code of one of them.
 * The QR code is made here, so the page needs no QR library and nothing goes to an
 * outside service. It only ever encodes the server's own URLs, so it cannot be used to
 * make codes that send people elsewhere.
 */
@RestController
class InviteController {

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private static final MediaType CA_CERTIFICATE = MediaType.parseMediaType("application/x-x509-ca-cert");

	private final ServerUrls urls;

	private final ObjectProvider<HttpsConnector> https;

	/**
	 * By URL; there are only the server's own few, and each code is checked by reading it
	 * back once.
	 */
	private final Map<String, String> codes = new ConcurrentHashMap<>();

	InviteController(ServerUrls urls, ObjectProvider<HttpsConnector> https) {
		this.urls = urls;
		this.https = https;
	}

	@GetMapping("/api/invite")
	ResponseEntity<Invite> invite() {
		ServerUrls.Invitation invitation = urls.invitation();
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new Invite(invitation.urls(), invitation.fingerprint(), invitation.ca()));
	}

	/**
	 * The local CA's certificate, for devices to trust once
	 * ({@code lanchat.tls.local-ca}); PEM, which Android, iOS, Windows, macOS and Linux
	 * all install, as the type their browsers hand to the certificate installer. Over
	 * plain HTTP too: a device fetches it before it trusts HTTPS.
	 */
	@GetMapping(ServerUrls.CA_PATH)
	ResponseEntity<String> caCertificate() {
		HttpsConnector connector = https.getIfAvailable();
		LocalCa ca = connector != null ? connector.ca() : null;
		if (ca == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(CA_CERTIFICATE)
			.cacheControl(CacheControl.noCache())
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"lanchat-ca.crt\"")
			.body(ca.pem());
	}

	/**
	 * The QR code of {@code url}, which must be one of the server's URLs; of the first
	 * one without it.
	 */
	@GetMapping("/api/invite/qr.svg")
	ResponseEntity<String> qr(@RequestParam(required = false) @Nullable String url) {
		List<String> all = urls.urls();
		String target = url == null ? (all.isEmpty() ? null : all.get(0)) : (all.contains(url) ? url : null);
		if (target == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(SVG)
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", "default-src 'none'")
			.header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"lanchat-invite.svg\"")
			.body(codes.computeIfAbsent(target, text -> QrCodes.svg(QrCodes.encode(text))));
	}

	/**
	 * @param urls where to join, best first
	 * @param fingerprint the SHA-256 fingerprint of the self-signed HTTPS certificate, if
	 * there is one
	 * @param ca the local CA to trust once, if HTTPS certificates come from one
	 */
	record Invite(List<String> urls, @Nullable String fingerprint, ServerUrls.@Nullable CaOffer ca) {
	}

}
