package lanchat.gateway;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static lanchat.gateway.JsonObjectSplitterTests.bytes;
import static lanchat.gateway.JsonObjectSplitterTests.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineSplitterTests {

	@Test
	void linesEndAtNewlineWithOrWithoutCarriageReturn() {
		LineSplitter splitter = new LineSplitter(65536);
		assertThat(strings(splitter.feed(bytes("Alice\r\nhello\n\n/w Bob psst\nrest")))).containsExactly("Alice",
				"hello", "", "/w Bob psst");
		assertThat(new String(splitter.takeRest(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("rest");
		assertThat(splitter.takeRest()).isNull();
	}

	@Test
	void theSameLinesComeOutWhereverTheStreamIsCut() {
		byte[] stream = bytes("小明\n你好 😀\r\nçava\n");
		for (int cut = 0; cut <= stream.length; cut++) {
			LineSplitter splitter = new LineSplitter(65536);
			List<byte[]> lines = new ArrayList<>(splitter.feed(stream, 0, cut));
			lines.addAll(splitter.feed(stream, cut, stream.length - cut));
			assertThat(strings(lines)).as("cut at %d", cut).containsExactly("小明", "你好 😀", "çava");
			assertThat(splitter.takeRest()).isNull();
		}
	}

	@Test
	void aLineLongerThanTheLimitIsRefused() {
		LineSplitter splitter = new LineSplitter(10);
		assertThat(splitter.feed(bytes("0123456789\n"))).hasSize(1);
		assertThatThrownBy(() -> splitter.feed(bytes("0123456789x"))).isInstanceOf(FrameTooLarge.class);
	}

}
