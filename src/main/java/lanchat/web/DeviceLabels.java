package lanchat.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A short name for a device from its browser's User-Agent, such as "Firefox on Android",
 * so that {@code /devices} can tell a phone from a laptop. Only the browser and the
 * system are kept.
 */
final class DeviceLabels {

	/**
	 * Checked in order: Edge and Opera also call themselves Chrome, and Chrome calls
	 * itself Safari.
	 */
	private static final List<Map.Entry<String, String>> BROWSERS = List.of(Map.entry("edg", "Edge"),
			Map.entry("opr/", "Opera"), Map.entry("samsungbrowser", "Samsung Internet"),
			Map.entry("firefox", "Firefox"), Map.entry("fxios", "Firefox"), Map.entry("crios", "Chrome"),
			Map.entry("chrom", "Chrome"), Map.entry("safari", "Safari"));

	/** iPads and iPhones before Android and Mac, which their User-Agents also mention. */
	private static final List<Map.Entry<String, String>> SYSTEMS = List.of(Map.entry("ipad", "iPad"),
			Map.entry("iphone", "iPhone"), Map.entry("android", "Android"), Map.entry("windows", "Windows"),
			Map.entry("mac os", "macOS"), Map.entry("cros", "ChromeOS"), Map.entry("linux", "Linux"));

	static final String UNKNOWN = "a STOMP client";

	private DeviceLabels() {
	}

	static String describe(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return UNKNOWN;
		}
		String agent = userAgent.toLowerCase(Locale.ROOT);
		String browser = first(BROWSERS, agent);
		String system = first(SYSTEMS, agent);
		if (browser == null && system == null) {
			String product = userAgent.strip().split("[\\s/]", 2)[0];
			return product.length() > 40 ? product.substring(0, 40) : product;
		}
		if (browser == null || system == null) {
			return browser != null ? browser : "a browser on " + system;
		}
		return browser + " on " + system;
	}

	private static @Nullable String first(List<Map.Entry<String, String>> known, String agent) {
		return known.stream()
			.filter(entry -> agent.contains(entry.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

}
