package lanchat.system;

import java.io.IOException;
import java.nio.file.FileSystem;

/**
 * What a backup holds besides the database, written into the backup's zip at the path it
 * has under the data directory, so that unzipping a backup into an empty data directory
 * restores everything.
 */
public interface BackupPart {

	void addTo(FileSystem zip) throws IOException;

}
