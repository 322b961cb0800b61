package lanchat.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

/**
 * This node's name among the others: {@code lanchat.cluster.node-name}, or the host name
 * with a random suffix, new on every start (a node that restarts is a new node; the
 * others saw the old one leave).
 */
@Component
@ClusterMode
class Node {

	private final String name;

	Node(ClusterProperties properties) {
		String configured = properties.nodeName();
		this.name = configured != null && !configured.isBlank() ? configured.strip() : hostName() + "-" + suffix();
	}

	String name() {
		return name;
	}

	/** The node's own queue, bound to the fanout exchange. */
	String queue() {
		return "lanchat.node." + name;
	}

	private static String hostName() {
		try {
			String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "");
			// room for the suffix within the longest name the shared tables keep
			return host.substring(0, Math.min(host.length(), ClusterProperties.MAX_NODE_NAME - 20));
		}
		catch (UnknownHostException ex) {
			return "node";
		}
	}

	private static String suffix() {
		byte[] random = new byte[3];
		new SecureRandom().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
