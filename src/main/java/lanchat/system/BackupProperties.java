package lanchat.system;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir where {@code POST /actuator/backup} writes its files;
 * {@code <data-dir>/backups} when unset
 * @param keep how many backups are kept: after each new one, the oldest beyond this many
 * are deleted; {@code 0} keeps them all
 */
@ConfigurationProperties("lanchat.backup")
record BackupProperties(@Nullable Path dir, @DefaultValue("7") int keep) {

	BackupProperties {
		if (keep < 0) {
			throw new IllegalArgumentException("lanchat.backup.keep must be 0 (keep all) or more, not " + keep);
		}
	}

}
