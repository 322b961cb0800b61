package lanchat.files;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code lanchat.files.*} settings, documented in docs/configuration.md.
 *
 * @param maxBytes the largest file one upload may carry
 * @param maxTotal the most that all stored files together may take; unset means "until
 * less than {@code minFree} of the disk is free"
 * @param minFree uploads are refused while less than this is free on the data directory's
 * disk
 * @param uploadsPerMinute uploads one identity may start per minute
 * @param sweep how often unsent and expired files are deleted
 * @param dir where the files live; unset: {@code <data-dir>/files}. Several nodes of a
 * cluster set it to one directory they all share
 */
@ConfigurationProperties("lanchat.files")
public record FilesProperties(@DefaultValue("50MB") DataSize maxBytes, @Nullable DataSize maxTotal,
		@DefaultValue("1GB") DataSize minFree, @DefaultValue("20") int uploadsPerMinute,
		@DefaultValue("1m") Duration sweep, @Nullable Path dir) {
}
