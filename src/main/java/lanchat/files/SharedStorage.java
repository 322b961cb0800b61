package lanchat.files;

import java.util.function.Supplier;

/**
 * Stored files in a directory that several nodes of a cluster share
 * ({@code lanchat.files.dir}): each node streams uploads into an {@code incoming/}
 * directory of its own, and storing a file (blob and row) and the sweep that deletes
 * unreferenced blobs exclude each other across all nodes, not only within one. A single
 * node has none and uses a lock of its own.
 */
public interface SharedStorage {

	/** The name of this node's own directory under {@code incoming/}. */
	String incomingName();

	/** Runs {@code work} while no other node stores or sweeps files. */
	<T> T exclusively(Supplier<T> work);

}
