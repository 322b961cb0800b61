package lanchat.web;

import lanchat.web.Heartbeat.Due;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOMP 1.2's heart-beat agreement and what is due when, with the times of the checks
 * given.
 */
class HeartbeatTests {

	private static final long[] OFFER = { 10_000, 10_000 };

	@Test
	void eachSideBeatsAtTheSlowerOfWhatBothAsked() {
		Heartbeat heartbeat = new Heartbeat(0);
		heartbeat.agree(new long[] { 5_000, 20_000 }, OFFER, 1_000);
		assertThat(heartbeat.silenceAllowed()).as("reads: max(5 s, 10 s), three times").isEqualTo(30_000);
		assertThat(heartbeat.check(20_999)).isEqualTo(Due.NOTHING);
		assertThat(heartbeat.check(21_000)).as("writes: max(20 s, 10 s)").isEqualTo(Due.BEAT);
	}

	@Test
	void aBeatIsDueAgainOneIntervalAfterTheLast() {
		Heartbeat heartbeat = agreed(new long[] { 0, 10_000 });
		assertThat(heartbeat.check(10_000)).isEqualTo(Due.BEAT);
		assertThat(heartbeat.check(19_999)).isEqualTo(Due.NOTHING);
		assertThat(heartbeat.check(20_000)).isEqualTo(Due.BEAT);
	}

	@Test
	void anythingWrittenPutsTheNextBeatOffFromTheCheckThatSawIt() {
		Heartbeat heartbeat = agreed(new long[] { 0, 10_000 });
		heartbeat.wrote();
		assertThat(heartbeat.check(6_000)).isEqualTo(Due.NOTHING);
		assertThat(heartbeat.check(15_999)).isEqualTo(Due.NOTHING);
		assertThat(heartbeat.check(16_000)).isEqualTo(Due.BEAT);
	}

	@Test
	void aClientSilentForThreeOfItsIntervalsIsToBeClosed() {
		Heartbeat heartbeat = agreed(new long[] { 10_000, 0 });
		assertThat(heartbeat.check(30_000)).isEqualTo(Due.NOTHING);
		assertThat(heartbeat.check(30_001)).isEqualTo(Due.SILENT);
	}

	@Test
	void whatTheClientSendsKeepsItOpen() {
		Heartbeat heartbeat = agreed(new long[] { 10_000, 0 });
		heartbeat.heard();
		assertThat(heartbeat.check(25_000)).isEqualTo(Due.NOTHING);
		assertThat(heartbeat.check(55_000)).isEqualTo(Due.NOTHING);
		assertThat(heartbeat.check(55_001)).isEqualTo(Due.SILENT);
	}

	@Test
	void noHeartBeatsEitherWayWhenTheClientAskedForNone() {
		Heartbeat heartbeat = agreed(new long[] { 0, 0 });
		assertThat(heartbeat.silenceAllowed()).isZero();
		assertThat(heartbeat.check(3_600_000)).isEqualTo(Due.NOTHING);
	}

	@Test
	void noHeartBeatsBeforeConnect() {
		assertThat(new Heartbeat(0).check(3_600_000)).isEqualTo(Due.NOTHING);
	}

	@Test
	void noHeartBeatsWhenTheServerOffersNone() {
		Heartbeat heartbeat = new Heartbeat(0);
		heartbeat.agree(new long[] { 10_000, 10_000 }, new long[] { 0, 0 }, 0);
		assertThat(heartbeat.check(3_600_000)).isEqualTo(Due.NOTHING);
	}

	private static Heartbeat agreed(long[] client) {
		Heartbeat heartbeat = new Heartbeat(0);
		heartbeat.agree(client, OFFER, 0);
		return heartbeat;
	}

	@Test
	void anIntervalTooLongToCountInIsNoLimitAtAll() {
		Heartbeat heartbeat = agreed(new long[] { Long.MAX_VALUE, 0 });
		assertThat(heartbeat.silenceAllowed()).isEqualTo(Long.MAX_VALUE);
		assertThat(heartbeat.check(3_600_000)).isEqualTo(Due.NOTHING);
	}

}
