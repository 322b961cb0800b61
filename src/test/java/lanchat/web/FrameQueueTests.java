package lanchat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import lanchat.web.tomcat.Frame;
import org.junit.jupiter.api.Test;

class FrameQueueTests {

	private final FrameQueue queue = new FrameQueue();

	@Test
	void aWriteTakesTheOldestFramesUpToItsFrameCount() {
		for (int i = 0; i < FrameQueue.MAX_WRITE_FRAMES + 3; i++) {
			queue(new byte[] { (byte) i });
		}
		List<Frame> first = queue.takeWrite();
		assertThat(first).hasSize(FrameQueue.MAX_WRITE_FRAMES);
		assertThat(queue.takeWrite()).hasSize(3);
		assertThat(queue.isEmpty()).isTrue();
		Frame next = Frame.of(new byte[5]);
		assertThat(queue.reserve(next)).as("nothing left counted").isEqualTo(next.bytes());
	}

	@Test
	void aWriteStopsOnceItHoldsItsBytesAndOneFrameMore() {
		int big = (int) (FrameQueue.MAX_WRITE_BYTES / 2) + 1;
		queue(new byte[big]);
		queue(new byte[big]);
		queue(new byte[big]);
		assertThat(queue.takeWrite()).hasSize(2);
		assertThat(queue.takeWrite()).hasSize(1);
		assertThat(queue.takeWrite()).isEmpty();
	}

	@Test
	void clearingForgetsFramesAndTheirBytes() {
		queue(new byte[100]);
		queue.reserve(Frame.of(new byte[50]));
		queue.clear();
		assertThat(queue.isEmpty()).isTrue();
		Frame next = Frame.of(new byte[1]);
		assertThat(queue.reserve(next)).isEqualTo(next.bytes());
	}

	private void queue(byte[] payload) {
		Frame frame = Frame.of(payload);
		queue.reserve(frame);
		queue.add(frame);
	}

}
