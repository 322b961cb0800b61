package lanchat.system;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param dir where {@code POST /actuator/backup} writes its files; {@code <data-dir>/backups} when unset
 */
@ConfigurationProperties("lanchat.backup")
record BackupProperties(@Nullable Path dir) {
}
