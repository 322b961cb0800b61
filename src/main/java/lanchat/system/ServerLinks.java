package lanchat.system;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Full links to paths on this server, for clients that cannot follow a bare path: the TCP gateway's
 * text shows {@code [Alice] sent photo.jpg (2.1 MB): <link>}. The link starts with
 * {@code lanchat.public-url} when one is set, else with the first address the invite shows.
 */
@Component
public class ServerLinks {

	private final ServerUrls urls;

	ServerLinks(ServerUrls urls) {
		this.urls = urls;
	}

	/**
	 * {@code path} (starting with {@code /}) as a full URL; the path alone while the server is not yet
	 * listening or has no address but loopback.
	 */
	public String absolute(String path) {
		List<String> all = urls.urls();
		if (all.isEmpty()) {
			return path;
		}
		return ServerUrls.resolve(all.get(0), path);
	}

}
