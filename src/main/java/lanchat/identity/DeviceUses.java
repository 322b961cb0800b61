package lanchat.identity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When each device last proved its name, noted in memory at every sign-in and written to
 * the database in one transaction every few seconds, and when the server stops. A commit
 * per returning device was what a room coming back after a restart queued on: thousands
 * of sign-ins in a few seconds, each waiting its turn for the database. {@code /devices}
 * sees the latest times at once; a crash loses at most the last few seconds of them,
 * never a device.
 */
@Component
class DeviceUses implements DisposableBean {

	private final Map<Long, Instant> unwritten = new ConcurrentHashMap<>();

	private final DeviceStore devices;

	private final TransactionTemplate transactions;

	DeviceUses(DeviceStore devices, TransactionTemplate transactions) {
		this.devices = devices;
		this.transactions = transactions;
	}

	void used(long device, Instant when) {
		// as the database keeps it, so that the list reads the same before and after
		unwritten.merge(device, when.truncatedTo(ChronoUnit.MICROS),
				(earlier, later) -> later.isAfter(earlier) ? later : earlier);
	}

	/** The devices as stored, with uses not written yet. */
	List<Device> latest(List<Device> stored) {
		return stored.stream().map(device -> {
			Instant since = unwritten.get(device.id());
			return since == null || !since.isAfter(device.lastUsedAt()) ? device
					: new Device(device.id(), device.label(), device.createdAt(), since);
		}).toList();
	}

	@Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
	void write() {
		if (unwritten.isEmpty()) {
			return;
		}
		Map<Long, Instant> batch = Map.copyOf(unwritten);
		transactions.executeWithoutResult(status -> batch.forEach(devices::used));
		// a use noted while the batch was written stays for the next one
		batch.forEach((device, when) -> unwritten.remove(device, when));
	}

	@Override
	public void destroy() {
		write();
	}

}
