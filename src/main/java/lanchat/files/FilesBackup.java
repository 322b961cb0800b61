package lanchat.files;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import lanchat.system.BackupPart;
import org.springframework.stereotype.Component;

/**
 * Puts the stored files into a backup, under {@code files/blobs/} as in the data
 * directory. Blobs never change once stored, so copying them while uploads go on is safe.
 */
@Component
class FilesBackup implements BackupPart {

	private final BlobStore blobs;

	FilesBackup(BlobStore blobs) {
		this.blobs = blobs;
	}

	@Override
	public void addTo(FileSystem zip) throws IOException {
		Path root = blobs.root();
		List<Path> all;
		try (Stream<Path> files = Files.walk(root, 2)) {
			all = files.filter(Files::isRegularFile).toList();
		}
		for (Path blob : all) {
			Path target = zip.getPath("files", "blobs").resolve(root.relativize(blob).toString());
			Files.createDirectories(target.getParent());
			try {
				Files.copy(blob, target);
			}
			catch (java.nio.file.NoSuchFileException swept) {
				// deleted by the sweep since the walk: its message is gone from the
				// database copy as well
			}
		}
	}

}
