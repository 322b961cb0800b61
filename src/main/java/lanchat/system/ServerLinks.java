package lanchat.system;

import org.springframework.stereotype.Component;

/**
 * Full links to paths on this server, for clients that cannot follow a bare path: the TCP
 * gateway's text shows {@code [Alice] sent photo.jpg (2.1 MB): <link>}. The link starts
 * with {@code lanchat.public-url} when one is set, else with the first address the invite
 * shows.
 * <p>
 * One place for it, so that file links, the invite and the log agree.
 */
@Component
public class ServerLinks {

	private final ServerUrls urls;

	ServerLinks(ServerUrls urls) {
		this.urls = urls;
	}

	/**
	 * {@code path} (starting with {@code /}) as a full URL on the address people should
	 * use; on {@code localhost} while the server has no address but loopback.
	 */
	public String absolute(String path) {
		return ServerUrls.resolve(urls.preferred(), path);
	}

}
