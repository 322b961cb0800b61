package lanchat.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceLabelsTests {

	@Test
	void browsersAndSystemsAreToldApartByWhatTheirUserAgentsSay() {
		assertThat(DeviceLabels.describe("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"))
			.isEqualTo("Firefox on Android");
		assertThat(DeviceLabels.describe("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
				+ " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"))
			.isEqualTo("Safari on iPhone");
		assertThat(
				DeviceLabels.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
						+ " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"))
			.isEqualTo("Edge on Windows");
		assertThat(DeviceLabels.describe("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
				+ " Chrome/131.0.0.0 Safari/537.36"))
			.isEqualTo("Chrome on Linux");
		assertThat(
				DeviceLabels.describe("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
						+ " SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36"))
			.isEqualTo("Samsung Internet on Android");
	}

	@Test
	void otherClientsAreCalledByTheirProductOrNotAtAll() {
		assertThat(DeviceLabels.describe("Java-http-client/17.0.13")).isEqualTo("Java-http-client");
		assertThat(DeviceLabels.describe(null)).isEqualTo(DeviceLabels.UNKNOWN);
		assertThat(DeviceLabels.describe("   ")).isEqualTo(DeviceLabels.UNKNOWN);
		assertThat(DeviceLabels.describe("x".repeat(500))).hasSize(40);
	}

}
