package lanchat.system;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class QrCodesTests {

	@ParameterizedTest
	@ValueSource(strings = { "http://192.168.1.20:8080/", "https://[fd00::2]:8443/",
			"http://[2001:db8:1234:5678:9abc:def0:1234:5678]:65535/", "http://[fd00::2]:45678/",
			"http://[fd00::2]:39639/", "http://[fd00::2]:41234/" })
	void theSvgReadsBackAsTheUrl(String url) {
		String svg = QrCodes.svg(QrCodes.encode(url));
		assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").doesNotContain("<script");
		assertThat(QrSupport.decodeSvg(svg)).isEqualTo(url);
	}

	@Test
	void everyPortReadsBack() {
		for (int port = 1024; port < 65536; port += 641) {
			for (String url : new String[] { "http://[fd00::2]:" + port + "/", "http://10.0.0.1:" + port + "/" }) {
				assertThat(QrSupport.decodeSvg(QrCodes.svg(QrCodes.encode(url)))).isEqualTo(url);
				assertThat(QrSupport.decodeTerminal(Arrays.asList(QrCodes.terminal(QrCodes.encode(url)).split("\n"))))
					.isEqualTo(url);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://192.168.1.20:8080/", "https://[fd00::2]:8443/" })
	void theTerminalDrawingReadsBackAsTheUrl(String url) {
		String drawing = QrCodes.terminal(QrCodes.encode(url));
		List<String> lines = Arrays.asList(drawing.split("\n"));
		assertThat(drawing).matches("[ \u2580\u2584\u2588\n]+");
		// square: twice as many module rows as lines (rounded up) as there are columns
		assertThat(lines.size()).isEqualTo((lines.get(0).length() + 1) / 2);
		assertThat(QrSupport.decodeTerminal(lines)).isEqualTo(url);
	}

}
