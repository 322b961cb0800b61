package lanchat.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The page's files as one versioned whole: what the service worker keeps for when the
 * server is briefly gone, and the content hashes that serve as ETags.
 *
 * <p>
 * The shell is every file beside {@code index.html} (in the first static location that
 * has one, as Boot's welcome page finds it) and the ES modules of the STOMP library's
 * WebJar, each under the URL the page asks for. Its version is a hash of all their
 * contents, so any change to any of them, made by an upgrade or by hand, gives the
 * service worker a new version and the browser installs it.
 */
@Component
class AppShell {

	/** Served by {@link ServiceWorkerScript}; a worker never caches its own script. */
	static final String WORKER = "sw.js";

	/**
	 * The page's only library; its modules import each other, so all of them belong to
	 * the shell.
	 */
	private static final String STOMP_MODULES = "classpath*:/META-INF/resources/webjars/stomp__stompjs/*/esm6/**/*.js";

	private static final String STOMP_URL = "/webjars/stomp__stompjs/esm6/";

	private final ResourcePatternResolver resolver;

	private final String[] staticLocations;

	private final Map<String, Hashed> hashes = new ConcurrentHashMap<>();

	private volatile @Nullable Shell shell;

	AppShell(ResourcePatternResolver resolver, WebProperties web) {
		this.resolver = resolver;
		this.staticLocations = web.getResources().getStaticLocations();
	}

	/** The shell's URLs ({@code /} first, for navigations) and its version. */
	Shell shell() {
		Shell known = shell;
		if (known == null) {
			known = find();
			shell = known;
		}
		return known;
	}

	/** The worker's own source, from the same location as the rest of the page. */
	Resource worker() {
		return resolver.getResource(root() + WORKER);
	}

	/**
	 * A strong ETag for a static file: a hash of its content, remembered until the file
	 * changes.
	 */
	String etag(Resource resource) {
		try {
			String key = resource.getURL().toString();
			long modified = lastModified(resource);
			Hashed known = hashes.get(key);
			if (known == null || known.lastModified() != modified) {
				known = new Hashed(modified, hash(resource));
				hashes.put(key, known);
			}
			return known.hash();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Shell find() {
		try {
			Map<String, Resource> files = new TreeMap<>();
			String rootUrl = resolver.getResource(root()).getURL().toString();
			for (Resource file : resolver.getResources(rootUrl + "**/*")) {
				String path = file.getURL().toString().substring(rootUrl.length());
				if (isFile(file, path) && !path.equals(WORKER)) {
					files.put("/" + path, file);
				}
			}
			for (Resource module : resolver.getResources(STOMP_MODULES)) {
				String url = module.getURL().toString();
				files.put(STOMP_URL + url.substring(url.indexOf("/esm6/") + "/esm6/".length()), module);
			}
			MessageDigest version = sha256();
			List<String> urls = new ArrayList<>();
			urls.add("/");
			for (Map.Entry<String, Resource> file : files.entrySet()) {
				urls.add(file.getKey());
				version.update((file.getKey() + "\n" + etag(file.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
			}
			return new Shell(HexFormat.of().formatHex(version.digest(), 0, 8), List.copyOf(urls));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The static location the page is served from, ending in '/'. */
	private String root() {
		for (String location : staticLocations) {
			String root = location.endsWith("/") ? location : location + "/";
			if (resolver.getResource(root + "index.html").exists()) {
				return root;
			}
		}
		throw new IllegalStateException("no index.html in " + String.join(", ", staticLocations));
	}

	/** Folders, in a jar or on disk, and hidden files are not part of the page. */
	private static boolean isFile(Resource resource, String path) {
		if (path.isEmpty() || path.endsWith("/") || path.startsWith(".") || path.contains("/.")) {
			return false;
		}
		try {
			return !resource.isFile() || resource.getFile().isFile();
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long lastModified(Resource resource) {
		try {
			return resource.lastModified();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static String hash(Resource resource) throws IOException {
		MessageDigest digest = sha256();
		try (InputStream in = resource.getInputStream()) {
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest(), 0, 16);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The shell of this server's build: its version and the URLs to keep. */
	record Shell(String version, List<String> urls) {
	}

	private record Hashed(long lastModified, String hash) {
	}

}
